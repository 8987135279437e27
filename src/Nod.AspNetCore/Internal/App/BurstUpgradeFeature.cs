using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebSockets;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// Puts a <see cref="BurstWriteStream"/> under the WebSocket that the WebSocket middleware creates for a <c>/ws/app</c>
/// upgrade, and leaves it in the request's features for the session to find. HTTP/1.1 upgrades only; over HTTP/2 (or
/// a server with WebSockets of its own) the socket simply writes each frame on its own.
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

            // A host that calls UseWebSockets() itself has already put a handshake over the plain upgrade in the
            // features: drop it, and the socket pipeline's own WebSocket middleware builds one over this upgrade.
            // (Only the middleware's own handshake: a server's native WebSocket support is left alone.)
            if (context.Features.Get<IHttpWebSocketFeature>() is { } handshake && handshake.GetType().Assembly == typeof(WebSocketMiddleware).Assembly)
            {
                context.Features.Set<IHttpWebSocketFeature>(null);
            }
        }

        return next(context);
    }
}
