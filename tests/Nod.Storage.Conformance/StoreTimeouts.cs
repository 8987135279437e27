namespace Nod.Storage.Conformance;

/// <summary>Every await in the suite goes through these, so a store that hangs fails the test instead of the run.</summary>
public static class StoreTimeouts
{
    /// <summary>How long any single store call may take.</summary>
    public static TimeSpan Default { get; } = TimeSpan.FromSeconds(15);

    /// <summary>Waits at most <see cref="Default"/>.</summary>
    public static Task WithTimeout(this Task task) => task.WaitAsync(Default, TimeProvider.System);

    /// <summary>Waits at most <see cref="Default"/>.</summary>
    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Default, TimeProvider.System);

    /// <summary>Waits at most <see cref="Default"/>.</summary>
    public static Task WithTimeout(this ValueTask task) => task.AsTask().WaitAsync(Default, TimeProvider.System);

    /// <summary>Waits at most <see cref="Default"/>.</summary>
    public static Task<T> WithTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Default, TimeProvider.System);

    /// <summary>Waits at most <paramref name="timeout"/> (for long operations such as a whole property run).</summary>
    public static Task WithTimeout(this Task task, TimeSpan timeout) => task.WaitAsync(timeout, TimeProvider.System);
}
