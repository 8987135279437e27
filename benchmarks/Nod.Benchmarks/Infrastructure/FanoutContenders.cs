using System.Threading.Channels;
using Nod.Fanout;
using Nod.Storage;
using Nod.Storage.InMemory;

namespace Nod.Benchmarks.Infrastructure;

/// <summary>
/// The two in-process fan-out contenders, each with the same number of readers: raw bounded channels (one reader task
/// each, the floor any fan-out built on channels can reach) and Nod's hub (one app subscription and reader task each).
/// Every reader signals the countdown once per <c>eventsPerSignal</c> events it read.
/// </summary>
internal sealed class FanoutContenders : IDisposable
{
    public const string AgentId = "agt_0000000000000001";
    private static readonly byte[] Payload = """{"type":"message_created","seq":1,"message":{"text":"hello"}}"""u8.ToArray();

    private readonly AsyncCountdown _countdown;
    private readonly int _eventsPerSignal;
    private readonly NodSubscription[] _subscriptions;

    public FanoutContenders(int subscribers, int bufferSize, int eventsPerSignal, AsyncCountdown countdown)
    {
        _countdown = countdown;
        _eventsPerSignal = eventsPerSignal;
        Channels = new Channel<NodEvent>[subscribers];
        for (var i = 0; i < subscribers; i++)
        {
            var channel = Channels[i] = Channel.CreateBounded<NodEvent>(new BoundedChannelOptions(bufferSize)
            {
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            });
            _ = Task.Run(() => ReadChannelAsync(channel.Reader));
        }

        Hub = new FanoutHub(new InMemoryNodStore().Events, bufferSize);
        Hub.Start(0);
        _subscriptions = new NodSubscription[subscribers];
        for (var i = 0; i < subscribers; i++)
        {
            var subscription = _subscriptions[i] = Hub.SubscribeApp($"usr_{i}", [AgentId], start: 0, replay: false);
            _ = Task.Run(() => ReadSubscriptionAsync(subscription));
        }
    }

    /// <summary>The baseline: one bounded channel per reader.</summary>
    public Channel<NodEvent>[] Channels { get; }

    /// <summary>Nod's hub, with one app subscription per reader.</summary>
    public FanoutHub Hub { get; }

    /// <summary>An app event of <see cref="AgentId"/> (what one agent message is to its readers).</summary>
    public static NodEvent Event(long seq) =>
        new(seq, "evt_0000000000000001", AgentId, EventAudience.App, "message_created", DateTimeOffset.UnixEpoch, Payload);

    public void Dispose()
    {
        foreach (var channel in Channels)
        {
            channel.Writer.TryComplete();
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private async Task ReadChannelAsync(ChannelReader<NodEvent> reader)
    {
        var read = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out _))
            {
                if (++read == _eventsPerSignal)
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
                if (++read == _eventsPerSignal)
                {
                    read = 0;
                    _countdown.Signal();
                }
            }
        }
    }
}
