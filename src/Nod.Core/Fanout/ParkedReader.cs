using System.Threading.Tasks.Sources;

namespace Nod.Fanout;

/// <summary>
/// The wait of a subscription reader that opted into shared wake-ups: the reader parks here when it has nothing to
/// read, and the publisher that finds it parked claims its wake-up and hands it to a <see cref="WakeUpBatch"/>, which
/// runs the reader's continuation in place instead of queueing one thread-pool item per reader.
/// </summary>
/// <remarks>
/// Exactly one party completes a park: the reader itself (it found work after parking) or the one publisher whose
/// claim succeeded. The reader parks again only after its previous wait completed, so resetting is safe.
/// </remarks>
internal sealed class ParkedReader : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };
    private int _parked;

    /// <summary>Reader: parks. Check for work again afterwards: a publisher that came just before did not see the park.</summary>
    public void Park()
    {
        _core.Reset();
        Interlocked.Exchange(ref _parked, 1);
    }

    /// <summary>Reader, after <see cref="Park"/>: takes the park back; <see langword="false"/> when a publisher already claimed it (the wake is coming).</summary>
    public bool TryUnpark() => Interlocked.Exchange(ref _parked, 0) == 1;

    /// <summary>Reader: what to await after parking; completes with <see langword="true"/> when woken.</summary>
    public ValueTask<bool> WaitAsync() => new(this, _core.Version);

    /// <summary>Publisher: claims the wake-up of a parked reader (at most one claim succeeds per park); the claimant must then <see cref="Wake"/> it.</summary>
    public bool TryClaim() => Volatile.Read(ref _parked) == 1 && Interlocked.Exchange(ref _parked, 0) == 1;

    /// <summary>The claimant: completes the wait, running the reader's continuation on this thread.</summary>
    public void Wake() => _core.SetResult(true);

    /// <summary>The claimant, off the publisher's path: wakes the reader on the thread pool.</summary>
    public void WakeOnThreadPool() => ThreadPool.UnsafeQueueUserWorkItem(static reader => reader.Wake(), this, preferLocal: false);

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
