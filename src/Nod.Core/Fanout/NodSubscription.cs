using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Nod.Storage;

namespace Nod.Fanout;

/// <summary>
/// A live tail of the event log for one reader: events arrive in <c>seq</c> order, each exactly once. The reader's
/// buffer is bounded; when it is full the publisher drops events for this reader only and the reader, once it reads
/// again, catches up from the store — so a slow reader loses nothing and never slows anyone else.
/// </summary>
/// <remarks>Read from one task at a time: <see cref="WaitToReadAsync"/> then <see cref="TryRead"/>, or <see cref="ReadAllAsync"/>.</remarks>
public sealed class NodSubscription : IAsyncDisposable
{
    private const int CatchUpPageSize = 256;

    private readonly ChannelReader<NodEvent> _reader;
    private readonly ChannelWriter<NodEvent> _writer;
    private readonly IEventLog _log;
    private readonly EventAudience _audience;
    private Queue<NodEvent>? _caughtUp;
    private readonly Action<NodSubscription> _onDispose;
    private readonly Lock _agentsGate = new();
    private HashSet<string> _agentIds;
    private long _lastSeq;
    private int _mustCatchUp;
    private int _disposed;

    internal NodSubscription(
        IEventLog log,
        EventAudience audience,
        IEnumerable<string> agentIds,
        int bufferSize,
        long lastSeq,
        bool catchUpFirst,
        string? userId,
        Action<NodSubscription> onDispose)
    {
        _log = log;
        _audience = audience;
        _agentIds = new HashSet<string>(agentIds, StringComparer.Ordinal);
        _lastSeq = lastSeq;
        _mustCatchUp = catchUpFirst ? 1 : 0;
        UserId = userId;
        _onDispose = onDispose;
        var channel = Channel.CreateBounded<NodEvent>(new BoundedChannelOptions(bufferSize)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        _reader = channel.Reader;
        _writer = channel.Writer;
    }

    /// <summary>The <c>seq</c> of the last event read (or the position the subscription started from).</summary>
    public long LastSeq => Volatile.Read(ref _lastSeq);

    /// <summary>Agent events or app events.</summary>
    public EventAudience Audience => _audience;

    /// <summary>For an app subscription, the user it is for.</summary>
    internal string? UserId { get; }

    /// <summary>Waits until an event can be read; <see langword="false"/> once the subscription has ended.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        // Only the reader touches the catch-up queue, and it exists only while it holds events: the live path reads a
        // null field here instead of another object per delivery (with thousands of subscribers, cache misses add up).
        if (_caughtUp is not null)
        {
            return new ValueTask<bool>(true);
        }

        // The hot path hands out the channel's own wait (it completes at once when items are there): it reuses one
        // waiter, so a delivery allocates nothing. A full channel, the only way the catch-up flag gets set, is never
        // waited on; once drained, the next call sees the flag.
        if (Volatile.Read(ref _mustCatchUp) == 0)
        {
            return cancellationToken.CanBeCanceled
                ? _reader.WaitToReadAsync(cancellationToken)
                : _reader.WaitToReadAsync(CancellationToken.None);
        }

        return CatchUpThenWaitAsync(cancellationToken);
    }

    /// <summary>Takes the next event if one is ready.</summary>
    /// <param name="nodEvent">The event.</param>
    /// <returns>Whether an event was taken.</returns>
    public bool TryRead([MaybeNullWhen(false)] out NodEvent nodEvent)
    {
        if (_caughtUp is { } caughtUp)
        {
            nodEvent = caughtUp.Dequeue();
            if (caughtUp.Count == 0)
            {
                _caughtUp = null;
            }

            Volatile.Write(ref _lastSeq, nodEvent.Seq);
            return true;
        }

        while (_reader.TryRead(out nodEvent))
        {
            // Events caught up from the store may also have arrived live: skip what was already read.
            if (nodEvent.Seq > _lastSeq)
            {
                Volatile.Write(ref _lastSeq, nodEvent.Seq);
                return true;
            }
        }

        nodEvent = null;
        return false;
    }

    /// <summary>Every event, in <c>seq</c> order, until the subscription ends or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    public async IAsyncEnumerable<NodEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryRead(out var nodEvent))
            {
                yield return nodEvent;
            }
        }
    }

    /// <summary>Ends the subscription: it stops receiving and readers see the end.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onDispose(this);
            _writer.TryComplete();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Called by the hub, in <c>seq</c> order. Never blocks: when the buffer is full the reader catches up later.</summary>
    internal void Offer(NodEvent nodEvent)
    {
        if (Volatile.Read(ref _mustCatchUp) != 0)
        {
            return;
        }

        if (!_writer.TryWrite(nodEvent) && Volatile.Read(ref _disposed) == 0)
        {
            Volatile.Write(ref _mustCatchUp, 1);
        }
    }

    /// <summary>Ends the subscription from the server side (the agent was deleted); readers see the end after what is buffered.</summary>
    internal void Complete() => _writer.TryComplete();

    /// <summary>The agents whose events this subscription receives now.</summary>
    internal IReadOnlyCollection<string> AgentIds
    {
        get
        {
            lock (_agentsGate)
            {
                return _agentIds;
            }
        }
    }

    internal void AddAgent(string agentId)
    {
        lock (_agentsGate)
        {
            _agentIds = new HashSet<string>(_agentIds, StringComparer.Ordinal) { agentId };
        }
    }

    internal void RemoveAgent(string agentId)
    {
        lock (_agentsGate)
        {
            var next = new HashSet<string>(_agentIds, StringComparer.Ordinal);
            next.Remove(agentId);
            _agentIds = next;
        }
    }

    private async ValueTask<bool> CatchUpThenWaitAsync(CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        return _caughtUp is not null || await WaitToReadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask CatchUpAsync(CancellationToken cancellationToken)
    {
        // Clear the flag before reading the store: whatever is published from now on lands in the channel, and
        // whatever was dropped before was committed first, so the store read below has it. Duplicates are skipped by seq.
        Interlocked.Exchange(ref _mustCatchUp, 0);
        var after = _lastSeq;
        while (true)
        {
            HashSet<string> agents;
            lock (_agentsGate)
            {
                agents = _agentIds;
            }

            var page = await _log.ReadAsync(new EventLogQuery(after, _audience, agents, CatchUpPageSize), cancellationToken).ConfigureAwait(false);
            foreach (var nodEvent in page)
            {
                (_caughtUp ??= new Queue<NodEvent>()).Enqueue(nodEvent);
            }

            if (page.Count < CatchUpPageSize)
            {
                return;
            }

            after = page[^1].Seq;
        }
    }
}
