using Nod.Fanout;

namespace Nod.Storage.LiteDb.Tests.Infrastructure;

/// <summary>Every await in a test goes through these: a hung test fails after a bounded real-time wait instead of hanging.</summary>
public static class TestTimeouts
{
    /// <summary>How long any single await may take before the test fails.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Default, TimeProvider.System);

    public static Task Within(this Task task) => task.WaitAsync(Default, TimeProvider.System);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Default, TimeProvider.System);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Default, TimeProvider.System);

    /// <summary>The next event of the subscription whose frame is a <typeparamref name="TFrame"/>, skipping others.</summary>
    public static async Task<TFrame> NextAsync<TFrame>(this NodSubscription subscription)
        where TFrame : Nod.Protocol.NodFrame
    {
        using var timeout = new CancellationTokenSource(Default);
        while (await subscription.WaitToReadAsync(timeout.Token))
        {
            while (subscription.TryRead(out var next))
            {
                if (next.Frame is TFrame frame)
                {
                    return frame;
                }
            }
        }

        throw new InvalidOperationException("The subscription ended.");
    }
}
