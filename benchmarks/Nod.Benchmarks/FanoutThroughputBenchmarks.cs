using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Nod.Benchmarks.Infrastructure;
using Nod.Fanout;
using Nod.Storage;
using Nod.Storage.InMemory;

namespace Nod.Benchmarks;

/// <summary>
/// Scenario 2: sustained fan-out. <see cref="Messages"/> messages published back to back to 1,000 subscribers, until
/// every subscriber has read every one; one operation is one delivery, so Op/s is deliveries per second. Baseline: the
/// same objects written into 1,000 bounded channels with one reader task each.
/// </summary>
/// <remarks>
/// Each reader counts its own deliveries and reports once per invocation, so the measurement is the channels and the
/// hub, not a counter every reader contends on. <see cref="Messages"/> stays below the subscriber buffer: this is the
/// live path, not catch-up from the store.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class FanoutThroughputBenchmarks
{
    public const int Subscribers = 1_000;
    public const int Messages = 256;
    private const int Deliveries = Subscribers * Messages;
    private const string AgentId = "agt_0000000000000001";
    private static readonly byte[] Payload = """{"type":"message_created","seq":1,"message":{"text":"hello"}}"""u8.ToArray();

    private readonly AsyncCountdown _countdown = new();
    private readonly NodEvent[] _events = new NodEvent[Messages];
    private Channel<NodEvent>[] _channels = [];
    private NodSubscription[] _subscriptions = [];
    private FanoutHub _hub = null!;
    private long _seq;

    [GlobalSetup]
    public void Setup()
    {
        _channels = new Channel<NodEvent>[Subscribers];
        for (var i = 0; i < Subscribers; i++)
        {
            var channel = _channels[i] = Channel.CreateBounded<NodEvent>(new BoundedChannelOptions(NodOptions.DefaultSubscriberBufferSize)
            {
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            });
            _ = Task.Run(() => ReadChannelAsync(channel.Reader));
        }

        var store = new InMemoryNodStore();
        _hub = new FanoutHub(store.Events, NodOptions.DefaultSubscriberBufferSize);
        _hub.Start(0);
        _subscriptions = new NodSubscription[Subscribers];
        for (var i = 0; i < Subscribers; i++)
        {
            var subscription = _subscriptions[i] = _hub.SubscribeApp($"usr_{i}", [AgentId], start: 0, replay: false);
            _ = Task.Run(() => ReadSubscriptionAsync(subscription));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var channel in _channels)
        {
            channel.Writer.TryComplete();
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Deliveries, Description = "raw channels")]
    public ValueTask RawChannels()
    {
        var done = _countdown.Start(Subscribers);
        NextEvents();
        foreach (var message in _events)
        {
            foreach (var channel in _channels)
            {
                channel.Writer.TryWrite(message);
            }
        }

        return done;
    }

    [Benchmark(OperationsPerInvoke = Deliveries, Description = "Nod fan-out hub")]
    public ValueTask Hub()
    {
        var done = _countdown.Start(Subscribers);
        NextEvents();
        foreach (var message in _events)
        {
            _hub.Publish(message);
        }

        return done;
    }

    private void NextEvents()
    {
        for (var i = 0; i < _events.Length; i++)
        {
            _events[i] = new(++_seq, "evt_0000000000000001", AgentId, EventAudience.App, "message_created", DateTimeOffset.UnixEpoch, Payload);
        }
    }

    private async Task ReadChannelAsync(ChannelReader<NodEvent> reader)
    {
        var read = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out _))
            {
                if (++read == Messages)
                {
                    read = 0;
                    _countdown.Signal();
                }
            }
        }
    }

    private async Task ReadSubscriptionAsync(NodSubscription subscription)
    {
        var read = 0;
        while (await subscription.WaitToReadAsync().ConfigureAwait(false))
        {
            while (subscription.TryRead(out _))
            {
                if (++read == Messages)
                {
                    read = 0;
                    _countdown.Signal();
                }
            }
        }
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
