using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Nod.Samples.WebHost;

/// <summary>The line a newcomer looks for: where to open the web app, and where the data is.</summary>
internal static partial class StartupLog
{
    public static void Ready(WebApplication app, string database)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            WebAppReady(app.Logger, address, Path.GetFullPath(database));
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Nod web app: open {Address} in a browser (data in {Database})")]
    private static partial void WebAppReady(ILogger logger, string address, string database);
}
