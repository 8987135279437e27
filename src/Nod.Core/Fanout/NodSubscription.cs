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

    /// <summary>Written after the catch-up flag to wake a reader that may have parked on an empty channel; skipped by <c>seq</c>.</summary>
    private static readonly NodEvent WakeUp = new(0, string.Empty, string.Empty, EventAudience.Agent, string.Empty, DateTimeOffset.MinValue, ReadOnlyMemory<byte>.Empty);

    private readonly ChannelReader<NodEvent> _reader;
    private readonly ChannelWriter<NodEvent> _writer;
    private readonly IEventLog _log;
    private readonly EventAudience _audience;
    private Queue<NodEvent>? _caughtUp;
    private readonly Action<NodSubscription> _onDispose;
    private readonly Lock _agentsGate = new();
    private HashSet<string> _agentIds;

    /// <summary>Agents taken away while this reader may still be behind, with the <c>seq</c> up to which their events still count.</summary>
    private Dictionary<string, long>? _removedAgents;
    private long _lastSeq;

    /// <summary>Reader only: how far the store has been read in the current catch-up (events filtered out included).</summary>
    private long _catchUpPosition;

    /// <summary>Reader only: the last store page was full, so the store must be read on before the channel.</summary>
    private bool _catchUpContinues;

    /// <summary>
    /// Reader only: where to start instead when the requested start lies beyond the log (checked at the first catch-up):
    /// what had been published when the subscription was made.
    /// </summary>
    private long? _startIfBeyondLog;

    /// <summary>Set once the reader opts into shared wake-ups: where it parks when waiting without a token.</summary>
    private ParkedReader? _parked;
    private int _mustCatchUp;
    private int _disposed;

    /// <summary>Set just before the channel is completed (see <see cref="IsDrainedAndEnded"/>).</summary>
    private bool _writingEnded;

    internal NodSubscription(
        IEventLog log,
        EventAudience audience,
        IEnumerable<string> agentIds,
        int bufferSize,
        long lastSeq,
        bool catchUpFirst,
        string? userId,
        long? startIfBeyondLog,
        Action<NodSubscription> onDispose)
    {
        _log = log;
        _audience = audience;
        _agentIds = new HashSet<string>(agentIds, StringComparer.Ordinal);
        _lastSeq = lastSeq;
        _mustCatchUp = catchUpFirst ? 1 : 0;
        _startIfBeyondLog = startIfBeyondLog;
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

    /// <summary>How many events read from the store wait to be taken (at most one page; diagnostics and tests).</summary>
    internal int CaughtUpCount => _caughtUp?.Count ?? 0;

    /// <summary>Agent events or app events.</summary>
    public EventAudience Audience => _audience;

    /// <summary>For an app subscription, the user it is for.</summary>
    internal string? UserId { get; }

    /// <summary>
    /// Waits until an event can be read; <see langword="false"/> once the subscription has ended. A
    /// <see langword="true"/> may find nothing to take (e.g. the end or a catch-up is next): read with
    /// <see cref="TryRead"/>, then wait again.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        // Disposed by its owner: the end, even with history still to catch up on (Complete, from the server, drains first).
        if (Volatile.Read(ref _disposed) != 0)
        {
            return new ValueTask<bool>(false);
        }

        // Only the reader touches the catch-up queue, and it exists only while it holds events: the live path reads a
        // null field here instead of another object per delivery (with thousands of subscribers, cache misses add up).
        if (_caughtUp is not null)
        {
            return new ValueTask<bool>(true);
        }

        // The hot path hands out the channel's own wait, or parks the reader with shared wake-ups: either reuses one
        // waiter, so a delivery allocates nothing. A reader with the catch-up flag set reads the store instead; the
        // flag wakes a reader that parked or waits on an empty channel (see MustCatchUp).
        if (!_catchUpContinues && Volatile.Read(ref _mustCatchUp) == 0)
        {
            if (_parked is { } parked && !cancellationToken.CanBeCanceled)
            {
                return WaitParked(parked);
            }

            return cancellationToken.CanBeCanceled
                ? _reader.WaitToReadAsync(cancellationToken)
                : _reader.WaitToReadAsync(CancellationToken.None);
        }

        return CatchUpThenWaitAsync(cancellationToken);
    }

    /// <summary>
    /// Lets the publisher resume this reader together with the other readers the same event woke, on a shared
    /// thread-pool item (at most one per two cores), instead of on a thread-pool item of its own: with thousands of
    /// readers per event that saves most of the hand-off cost. Applies to waits without a cancellation token.
    /// </summary>
    /// <remarks>
    /// Only for readers that never block after a wait — e.g. a socket pump that starts sends and awaits them: the
    /// code up to the reader's next incomplete <c>await</c> runs on the shared item, ahead of the readers after it.
    /// Call from the reader, before it waits; await each wait before the next one (an abandoned wait makes the next
    /// one throw <see cref="InvalidOperationException"/>).
    /// </remarks>
    public void UseSharedWakeUps() => _parked ??= new ParkedReader();

    /// <summary>Takes the next event if one is ready.</summary>
    /// <param name="nodEvent">The event.</param>
    /// <returns>Whether an event was taken.</returns>
    public bool TryRead([MaybeNullWhen(false)] out NodEvent nodEvent)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            nodEvent = null;
            return false;
        }

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

        if (_catchUpContinues)
        {
            // The store holds older events than the channel: the next WaitToReadAsync reads its next page first.
            nodEvent = null;
            return false;
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

    /// <summary>Ends the subscription at once: it stops receiving, and reads from now on see the end (nothing more is caught up from the store).</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onDispose(this);
            EndWriting();
            WakeParkedReader();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Called by the hub, in <c>seq</c> order. Never blocks: when the buffer is full the reader catches up later.</summary>
    /// <returns>A parked reader the caller must wake (see <see cref="UseSharedWakeUps"/>), or <see langword="null"/>.</returns>
    internal ParkedReader? Offer(NodEvent nodEvent)
    {
        // Set only while the reader has a full buffer to drain or a catch-up ahead: it is not parked.
        if (Volatile.Read(ref _mustCatchUp) != 0)
        {
            return null;
        }

        if (!_writer.TryWrite(nodEvent) && Volatile.Read(ref _disposed) == 0)
        {
            return MustCatchUp();
        }

        return _parked is { } parked && parked.TryClaim() ? parked : null;
    }

    /// <summary>The reader must read the store before the channel again (its buffer overflowed, or an event never reached it).</summary>
    /// <returns>A parked reader the caller must wake (see <see cref="UseSharedWakeUps"/>), or <see langword="null"/>.</returns>
    internal ParkedReader? MustCatchUp()
    {
        Volatile.Write(ref _mustCatchUp, 1);

        // The reader may have drained the channel and parked between the failed write and the flag: wake it. If the
        // channel is still full, this write fails too, and the reader sees the flag once it has drained the channel.
        _writer.TryWrite(WakeUp);
        return _parked is { } parked && parked.TryClaim() ? parked : null;
    }

    /// <summary>Ends the subscription from the server side (the agent was deleted); readers see the end after what is buffered.</summary>
    internal void Complete()
    {
        EndWriting();
        WakeParkedReader();
    }

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
            if (_removedAgents is not null && _removedAgents.ContainsKey(agentId))
            {
                // Shared again: all of its events count again.
                var stillRemoved = _removedAgents.Where(removed => removed.Key != agentId).ToDictionary(StringComparer.Ordinal);
                _removedAgents = stillRemoved.Count == 0 ? null : stillRemoved;
            }
        }
    }

    /// <summary>Stops receiving the agent's events; those up to <paramref name="lastSeq"/> (its removal included) still count.</summary>
    internal void RemoveAgent(string agentId, long lastSeq)
    {
        lock (_agentsGate)
        {
            var next = new HashSet<string>(_agentIds, StringComparer.Ordinal);
            next.Remove(agentId);
            _agentIds = next;

            // A reader that is behind must still catch up on the agent's last events, its agent_removed above all.
            // Replaced, never mutated, so the reader filters with it outside the lock.
            if (Volatile.Read(ref _lastSeq) < lastSeq)
            {
                _removedAgents = new Dictionary<string, long>(_removedAgents ?? [], StringComparer.Ordinal) { [agentId] = lastSeq };
            }
        }
    }

    /// <summary>The wait of a reader with shared wake-ups: ready at once when there is something to read, else parked.</summary>
    private ValueTask<bool> WaitParked(ParkedReader parked)
    {
        if (_reader.TryPeek(out _))
        {
            return new ValueTask<bool>(true);
        }

        if (IsDrainedAndEnded)
        {
            return new ValueTask<bool>(false);
        }

        parked.Park();

        // What arrived just before the park was offered to a reader its publisher did not see parked: take the park
        // back (unless a publisher claimed it after all, whose wake-up then ends the wait). The caller's next read or
        // wait sees what it is: an event, the end, or a catch-up.
        if ((_reader.TryPeek(out _) || IsDrainedAndEnded || Volatile.Read(ref _mustCatchUp) != 0) && parked.TryUnpark())
        {
            return new ValueTask<bool>(!IsDrainedAndEnded || Volatile.Read(ref _mustCatchUp) != 0);
        }

        return parked.WaitAsync();
    }

    /// <summary>
    /// The channel's completion (no more writes, nothing left), read only once writing has ended: the live path of a
    /// parked reader checks it twice per wait, and with thousands of readers the completion's objects are cache misses.
    /// </summary>
    private bool IsDrainedAndEnded => Volatile.Read(ref _writingEnded) && _reader.Completion.IsCompleted;

    /// <summary>No more writes: marked before the channel completes, so a completed channel is always seen as ended.</summary>
    private void EndWriting()
    {
        Volatile.Write(ref _writingEnded, true);
        _writer.TryComplete();
    }

    /// <summary>A subscription ending from another thread: its parked reader must see the end.</summary>
    private void WakeParkedReader()
    {
        if (_parked is { } parked && parked.TryClaim())
        {
            parked.WakeOnThreadPool();
        }
    }

    private async ValueTask<bool> CatchUpThenWaitAsync(CancellationToken cancellationToken)
    {
        if (_parked is not null)
        {
            // Woken on a shared item, which must not wait for the store: read it on an item of this reader's own.
            await Task.Yield();
        }

        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        return _caughtUp is not null || await WaitToReadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one page of the store after what was read; a full page means another follows before the channel.</summary>
    private async ValueTask CatchUpAsync(CancellationToken cancellationToken)
    {
        // Clear the flag before reading the store: whatever is published from now on lands in the channel, and
        // whatever was dropped before was committed first, so the store reads have it (a catch-up already paging
        // reads on past it too). Duplicates are skipped by seq.
        Interlocked.Exchange(ref _mustCatchUp, 0);
        if (!_catchUpContinues)
        {
            _catchUpPosition = _lastSeq;
        }

        if (_startIfBeyondLog is { } fallback)
        {
            // An agent may resume after a seq the log never reached: nothing would ever arrive. (A start the log has
            // reached since, e.g. an update committed but not yet published when this subscription was made, is kept.)
            _startIfBeyondLog = null;
            if (_lastSeq > await _log.GetHeadAsync(cancellationToken).ConfigureAwait(false))
            {
                Volatile.Write(ref _lastSeq, fallback);
                _catchUpPosition = fallback;
            }
        }

        var agents = AgentsToCatchUp(out var removed);
        var page = await _log.ReadAsync(new EventLogQuery(_catchUpPosition, _audience, agents, CatchUpPageSize), cancellationToken).ConfigureAwait(false);
        foreach (var nodEvent in page)
        {
            if (removed is null || !removed.TryGetValue(nodEvent.AgentId, out var lastSeq) || nodEvent.Seq <= lastSeq)
            {
                (_caughtUp ??= new Queue<NodEvent>()).Enqueue(nodEvent);
            }
        }

        _catchUpContinues = page.Count == CatchUpPageSize;
        if (page.Count > 0)
        {
            _catchUpPosition = page[^1].Seq;
        }

        if (!_catchUpContinues)
        {
            ForgetRemovedAgentsBefore(_catchUpPosition);
        }
    }

    /// <summary>The agents to read from the store: the current ones, and removed ones whose last events may be unread.</summary>
    private HashSet<string> AgentsToCatchUp(out Dictionary<string, long>? removed)
    {
        lock (_agentsGate)
        {
            removed = _removedAgents;
            return removed is null ? _agentIds : [.. _agentIds, .. removed.Keys];
        }
    }

    private void ForgetRemovedAgentsBefore(long position)
    {
        lock (_agentsGate)
        {
            if (_removedAgents is null)
            {
                return;
            }

            var stillUnread = _removedAgents.Where(removed => removed.Value > position).ToDictionary(StringComparer.Ordinal);
            _removedAgents = stillUnread.Count == 0 ? null : stillUnread;
        }
    }
}
