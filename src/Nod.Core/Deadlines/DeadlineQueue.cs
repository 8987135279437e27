namespace Nod.Deadlines;

/// <summary>
/// Every timer of Nod in one place: a min-heap of due times served by a single <see cref="ITimer"/> from the injected
/// <see cref="TimeProvider"/>. It knows nothing of what it runs: it is handed "at T, do this".
/// </summary>
/// <remarks>
/// Cancelled entries stay in the heap until they surface (or until they outnumber live ones, when the heap is
/// rebuilt), so arming and cancelling are O(log n) and O(1). Callbacks run on the timer thread, outside the lock, and
/// must be short: Nod's only post a command to the engine.
/// </remarks>
internal sealed class DeadlineQueue : IDisposable
{
    private const int CompactionThreshold = 1024;

    /// <summary>The longest wait <see cref="TimeProvider.System"/>'s timers accept (4,294,967,294 ms).</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<DeadlineHandle, (long DueTicks, long Order)> _heap = new();
    private readonly Action<Exception> _onCallbackError;
    private ITimer? _timer;
    private long _armedTicks = long.MaxValue;
    private long _order;
    private int _cancelled;
    private bool _running;
    private bool _disposed;

    public DeadlineQueue(TimeProvider time, Action<Exception>? onCallbackError = null)
    {
        _time = time;
        _onCallbackError = onCallbackError ?? (static _ => { });
    }

    /// <summary>Entries armed and not yet fired or cancelled.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _heap.Count - _cancelled;
            }
        }
    }

    /// <summary>Starts firing; deadlines armed before this fire now if they are due.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _running = true;
            _timer ??= _time.CreateTimer(static state => ((DeadlineQueue)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Rearm();
        }
    }

    /// <summary>Stops firing; armed deadlines stay armed.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _running = false;
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _armedTicks = long.MaxValue;
        }
    }

    /// <summary>Runs <paramref name="callback"/> at <paramref name="dueAt"/> (at once if it is past).</summary>
    public DeadlineHandle Schedule(DateTimeOffset dueAt, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var handle = new DeadlineHandle(this, dueAt, callback);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _heap.Enqueue(handle, (dueAt.UtcTicks, _order++));
            if (dueAt.UtcTicks < _armedTicks)
            {
                Rearm();
            }
        }

        return handle;
    }

    /// <summary>Cancels a deadline; <see langword="false"/> if it already fired or was cancelled.</summary>
    public bool Cancel(DeadlineHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        lock (_gate)
        {
            if (handle.State != DeadlineHandle.Armed)
            {
                return false;
            }

            handle.State = DeadlineHandle.Cancelled;
            _cancelled++;
            if (_cancelled > CompactionThreshold && _cancelled > _heap.Count / 2)
            {
                Compact();
            }

            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _running = false;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Fire()
    {
        List<DeadlineHandle>? due = null;
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            var now = _time.GetUtcNow().UtcTicks;
            _armedTicks = long.MaxValue;
            while (_heap.TryPeek(out var handle, out var priority) && (priority.DueTicks <= now || handle.State == DeadlineHandle.Cancelled))
            {
                _heap.Dequeue();
                if (handle.State == DeadlineHandle.Cancelled)
                {
                    _cancelled--;
                    continue;
                }

                handle.State = DeadlineHandle.Fired;
                (due ??= []).Add(handle);
            }

            Rearm();
        }

        if (due is null)
        {
            return;
        }

        foreach (var handle in due)
        {
            try
            {
                handle.Callback();
            }
#pragma warning disable CA1031 // One failing callback must not stop the others or kill the timer thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _onCallbackError(ex);
            }
        }
    }

    /// <summary>Points the timer at the earliest live entry. Caller holds the lock.</summary>
    private void Rearm()
    {
        if (!_running || _timer is null)
        {
            return;
        }

        while (_heap.TryPeek(out var head, out _) && head.State == DeadlineHandle.Cancelled)
        {
            _heap.Dequeue();
            _cancelled--;
        }

        if (!_heap.TryPeek(out _, out var next))
        {
            _armedTicks = long.MaxValue;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        _armedTicks = next.DueTicks;

        // Timers take a relative delay: if the clock jumps between reading it and arming (a test clock advanced from
        // another thread, a system clock step), the timer would fire that much late. Arm again until arming took less
        // than a millisecond of clock time (a running clock always moves a little; that much lateness is harmless).
        while (true)
        {
            var now = _time.GetUtcNow().UtcTicks;
            var delayTicks = next.DueTicks - now;
            if (delayTicks <= 0)
            {
                // Already due: fire on the thread pool, never re-entrantly from inside this lock (some timers fire
                // synchronously from Change when the due time is zero).
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.Fire(), this, preferLocal: false);
                return;
            }

            // A system timer waits at most about 49.7 days: a later deadline wakes it early, finds nothing due, re-arms.
            _timer.Change(TimeSpan.FromTicks(Math.Min(delayTicks, MaxTimerDelay.Ticks)), Timeout.InfiniteTimeSpan);
            if (_time.GetUtcNow().UtcTicks - now < TimeSpan.TicksPerMillisecond)
            {
                return;
            }
        }
    }

    /// <summary>Drops cancelled entries so a stream of re-armed heartbeats cannot grow the heap. Caller holds the lock.</summary>
    private void Compact()
    {
        var live = new List<(DeadlineHandle, (long, long))>(_heap.Count - _cancelled);
        foreach (var (handle, priority) in _heap.UnorderedItems)
        {
            if (handle.State == DeadlineHandle.Armed)
            {
                live.Add((handle, priority));
            }
        }

        _heap.Clear();
        _heap.EnqueueRange(live);
        _cancelled = 0;
    }
}

/// <summary>One armed deadline; cancel it with <see cref="Cancel"/>.</summary>
internal sealed class DeadlineHandle
{
    internal const int Armed = 0;
    internal const int Fired = 1;
    internal const int Cancelled = 2;

    private readonly DeadlineQueue _queue;
    private int _state;

    internal DeadlineHandle(DeadlineQueue queue, DateTimeOffset dueAt, Action callback)
    {
        _queue = queue;
        DueAt = dueAt;
        Callback = callback;
    }

    /// <summary>When it fires.</summary>
    public DateTimeOffset DueAt { get; }

    internal Action Callback { get; }

    /// <summary>Armed, fired or cancelled; written under the queue's lock.</summary>
    internal int State
    {
        get => Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, value);
    }

    /// <summary>Whether it has fired.</summary>
    public bool HasFired => State == Fired;

    /// <summary>Cancels it; <see langword="false"/> if it already fired or was cancelled.</summary>
    public bool Cancel() => _queue.Cancel(this);
}
