using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Nod.Benchmarks.Infrastructure;
using Nod.Fanout;
using Nod.Storage;
using Nod.Storage.InMemory;

namespace Nod.Benchmarks;

/// <summary>
/// Scenario 1: one message to N subscribers, until the last one has it. Baseline: the same object written into N
/// bounded channels, one reader task each — the floor any fan-out built on channels can reach.
/// </summary>
[MemoryDiagnoser]
public class FanoutBenchmarks
{
    private const string AgentId = "agt_0000000000000001";
    private static readonly byte[] Payload = """{"type":"message_created","seq":1,"message":{"text":"hello"}}"""u8.ToArray();

    private readonly AsyncCountdown _countdown = new();
    private Channel<NodEvent>[] _channels = [];
    private NodSubscription[] _subscriptions = [];
    private FanoutHub _hub = null!;
    private long _seq;

    [Params(1, 10, 100, 1_000, 10_000)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _channels = new Channel<NodEvent>[Subscribers];
        for (var i = 0; i < Subscribers; i++)
        {
            var channel = _channels[i] = Channel.CreateBounded<NodEvent>(new BoundedChannelOptions(1024)
            {
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            });
            _ = Task.Run(() => ReadChannelAsync(channel.Reader));
        }

        var store = new InMemoryNodStore();
        _hub = new FanoutHub(store.Events, bufferSize: 1024);
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

    [Benchmark(Baseline = true, Description = "raw channels")]
    public ValueTask RawChannels()
    {
        var message = NextEvent();
        var done = _countdown.Start(Subscribers);
        foreach (var channel in _channels)
        {
            channel.Writer.TryWrite(message);
        }

        return done;
    }

    [Benchmark(Description = "Nod fan-out hub")]
    public ValueTask Hub()
    {
        var message = NextEvent();
        var done = _countdown.Start(Subscribers);
        _hub.Publish(message);
        return done;
    }

    private NodEvent NextEvent() =>
        new(++_seq, "evt_0000000000000001", AgentId, EventAudience.App, "message_created", DateTimeOffset.UnixEpoch, Payload);

    private async Task ReadChannelAsync(ChannelReader<NodEvent> reader)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out _))
            {
                _countdown.Signal();
            }
        }
    }

    private async Task ReadSubscriptionAsync(NodSubscription subscription)
    {
        while (await subscription.WaitToReadAsync().ConfigureAwait(false))
        {
            while (subscription.TryRead(out _))
            {
                _countdown.Signal();
            }
        }
    }
}
