using System.Threading.Tasks.Sources;

namespace Nod.Benchmarks.Infrastructure;

/// <summary>Completes once <see cref="Signal"/> was called the expected number of times; reusable without allocating.</summary>
internal sealed class AsyncCountdown : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };
    private int _remaining;

    public ValueTask Start(int count)
    {
        _core.Reset();
        Volatile.Write(ref _remaining, count);
        return new ValueTask(this, _core.Version);
    }

    public void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _core.SetResult(true);
        }
    }

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
