namespace Nod.AspNetCore.Internal;

/// <summary>
/// An async mutual-exclusion gate whose uncontended enter and exit are one atomic operation on a field of its own — no
/// lock object, no semaphore touched. Every app socket sends through two of these on the fan-out's hot path, once per
/// socket per event, and with thousands of sockets each extra object touched there is a cache miss.
/// </summary>
/// <remarks>
/// A waiter parks on a semaphore that only contention touches. The state says whether anyone may be parked
/// (free, held, held with waiters), so an exit signals only then. A signal that finds nobody — its waiter gave up — is
/// harmless: a later waiter takes it, finds the gate held and parks again. Not re-entrant, not fair.
/// </remarks>
internal sealed class AsyncGate : IDisposable
{
    private const int Free = 0;
    private const int Held = 1;
    private const int HeldWithWaiters = 2;

    private readonly SemaphoreSlim _signal = new(0);
    private int _state;

    /// <summary>Enters if the gate is free, without waiting.</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref _state, Held, Free) == Free;

    /// <summary>Enters, waiting while another holds the gate.</summary>
    /// <remarks>
    /// Unlike <see cref="SemaphoreSlim.WaitAsync(CancellationToken)"/>, a free gate is entered even when the token is
    /// already canceled: the token is only looked at when there is a wait (reading it is another object touched on the
    /// hot path). Callers check their own stop condition once inside.
    /// </remarks>
    /// <param name="cancellationToken">Stops waiting (the gate is then not entered).</param>
    public ValueTask EnterAsync(CancellationToken cancellationToken = default)
    {
        if (TryEnter())
        {
            return ValueTask.CompletedTask;
        }

        return cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled(cancellationToken) : EnterContendedAsync(cancellationToken);
    }

    /// <summary>Leaves the gate (the caller holds it), waking one waiter if any may be parked.</summary>
    public void Exit()
    {
        if (Interlocked.Exchange(ref _state, Free) == HeldWithWaiters)
        {
            _signal.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();

    private async ValueTask EnterContendedAsync(CancellationToken cancellationToken)
    {
        // Whoever enters from here marks the gate as having waiters: it cannot tell whether others still park.
        while (Interlocked.Exchange(ref _state, HeldWithWaiters) != Free)
        {
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
