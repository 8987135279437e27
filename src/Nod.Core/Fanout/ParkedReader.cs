using System.Threading.Tasks.Sources;

namespace Nod.Fanout;

/// <summary>
/// The wait of a subscription reader that opted into shared wake-ups: the reader parks here when it has nothing to
/// read, and whoever finds it parked with news for it — the publisher with an event, or the subscription ending —
/// claims its wake-up; the publisher hands its claims to a <see cref="WakeUpBatch"/>, which resumes the readers in place
/// instead of queueing one thread-pool item per reader.
/// </summary>
/// <remarks>
/// Exactly one party ends a park: the reader itself (it found work after parking) or the one claimant whose claim
/// succeeded. A reader parks again only once its previous wait has completed; parking while a wait is still pending
/// (a wait that was abandoned) throws on the reader's thread instead of corrupting the wait.
/// </remarks>
internal sealed class ParkedReader : IValueTaskSource<bool>
{
    private const int Idle = 0;
    private const int Parked = 1;
    private const int Claimed = 2;

    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };
    private int _state;

    /// <summary>Reader: parks. Check for work again afterwards: a publisher that came just before did not see the park.</summary>
    /// <exception cref="InvalidOperationException">The previous wait has not completed yet.</exception>
    public void Park()
    {
        if (Volatile.Read(ref _state) != Idle)
        {
            throw new InvalidOperationException(
                "A subscription with shared wake-ups waits once at a time: await each WaitToReadAsync before calling it again.");
        }

        _core.Reset();
        Interlocked.Exchange(ref _state, Parked);
    }

    /// <summary>Reader, after <see cref="Park"/>: takes the park back; <see langword="false"/> when it was claimed already (the wake is coming).</summary>
    public bool TryUnpark() => Interlocked.CompareExchange(ref _state, Idle, Parked) == Parked;

    /// <summary>Reader: what to await after parking; completes with <see langword="true"/> when woken.</summary>
    public ValueTask<bool> WaitAsync() => new(this, _core.Version);

    /// <summary>Claims the wake-up of a parked reader (at most one claim succeeds per park); the claimant must then <see cref="Wake"/> it.</summary>
    public bool TryClaim() => Volatile.Read(ref _state) == Parked && Interlocked.CompareExchange(ref _state, Claimed, Parked) == Parked;

    /// <summary>The claimant: completes the wait, running the reader's continuation on this thread (where it may park again).</summary>
    public void Wake()
    {
        Volatile.Write(ref _state, Idle);
        _core.SetResult(true);
    }

    /// <summary>The claimant, off the publisher's path: wakes the reader on the thread pool.</summary>
    public void WakeOnThreadPool() => ThreadPool.UnsafeQueueUserWorkItem(static reader => reader.Wake(), this, preferLocal: false);

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
