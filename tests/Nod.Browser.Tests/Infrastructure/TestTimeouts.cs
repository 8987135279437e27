namespace Nod.Browser.Tests.Infrastructure;

/// <summary>Every await in a test is bounded: a hung test fails after a bounded wait instead of hanging.</summary>
public static class TestTimeouts
{
    /// <summary>How long any single await (and any Playwright wait) may take.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    public static float Milliseconds => (float)Default.TotalMilliseconds;

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Default, TimeProvider.System);

    public static Task Within(this Task task) => task.WaitAsync(Default, TimeProvider.System);

    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;
}
