namespace Nod.Browser.Tests.Infrastructure;

/// <summary>
/// A browser test. Without Chromium it is skipped with a message saying how to install it — except under CI
/// (<c>CI=true</c>), where it runs and fails, so a CI machine without a browser never passes silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsContinuousIntegration)
        {
            Skip = $"Chromium was not found at {Chromium.ExecutablePath}: install it (apt-get install chromium) to run the browser tests. " +
                   "With CI=true these tests fail instead of being skipped.";
        }
    }
}

/// <summary>Where the browser is, and whether this is CI.</summary>
public static class Chromium
{
    /// <summary>Debian's Chromium, or <c>NOD_CHROMIUM</c> when set.</summary>
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("NOD_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static bool IsContinuousIntegration =>
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>
    /// Flags for a closed network and a container: no sandbox (root), no GPU, and none of the background requests
    /// Chromium makes to Google's services.
    /// </summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];
}
