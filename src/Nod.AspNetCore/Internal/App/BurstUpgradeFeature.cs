using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// Puts a <see cref="BurstWriteStream"/> under the WebSocket that the WebSocket middleware creates for a <c>/ws/app</c>
/// upgrade, and leaves it in the request's features for the session to find. HTTP/1.1 upgrades only; over HTTP/2, or
/// when the host's own WebSocket middleware already took the request, the socket simply writes each frame on its own.
/// </summary>
internal sealed class BurstUpgradeFeature(IHttpUpgradeFeature inner, IFeatureCollection features) : IHttpUpgradeFeature
{
    /// <inheritdoc />
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    /// <inheritdoc />
    public async Task<Stream> UpgradeAsync()
    {
        var stream = new BurstWriteStream(await inner.UpgradeAsync().ConfigureAwait(false));
        features.Set(stream);
        return stream;
    }

    /// <summary>Middleware for the socket's own pipeline, ahead of <c>UseWebSockets()</c>.</summary>
    public static Task InstallAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new BurstUpgradeFeature(upgrade, context.Features));
        }

        return next(context);
    }
}
