using Nod.Fanout;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.Testing;

/// <summary>Every await in a test goes through these: a hung test fails after a bounded real-time wait instead of hanging.</summary>
public static class TestTimeouts
{
    /// <summary>How long any single await (and any browser wait) may take before the test fails.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary><see cref="Default"/> in milliseconds, as browser automation takes it.</summary>
    public static float Milliseconds => (float)Default.TotalMilliseconds;

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Default, TimeProvider.System);

    public static Task Within(this Task task) => task.WaitAsync(Default, TimeProvider.System);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Default, TimeProvider.System);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Default, TimeProvider.System);

    /// <summary>A token that fires after the default timeout (for calls that take one).</summary>
    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;

    /// <summary>The next event of the subscription.</summary>
    public static async Task<NodEvent> NextAsync(this NodSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(Default);
        while (await subscription.WaitToReadAsync(timeout.Token))
        {
            if (subscription.TryRead(out var next))
            {
                return next;
            }
        }

        throw new InvalidOperationException("The subscription ended.");
    }

    /// <summary>The next frame of the given type (that <paramref name="where"/> accepts), skipping others.</summary>
    public static async Task<TFrame> NextAsync<TFrame>(this NodSubscription subscription, Func<TFrame, bool>? where = null)
        where TFrame : NodFrame
    {
        while (true)
        {
            var next = await subscription.NextAsync();
            if (next.Frame is TFrame frame && (where is null || where(frame)))
            {
                return frame;
            }
        }
    }
}
