using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// <c>GET /ws/app?after=</c> (PROTOCOL §7): the host's authorization has already run on the upgrade request (endpoint
/// metadata); here the <c>Origin</c> is checked, the user's stream opened, and only then the socket accepted — every
/// refusal is an HTTP status with <c>{"detail"}</c> before the upgrade.
/// </summary>
internal sealed class AppWebSocketEndpoint(AppApi api)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await HttpResponses.WriteErrorAsync(
                context, StatusCodes.Status400BadRequest, "this endpoint takes a WebSocket upgrade (GET with Upgrade: websocket)").ConfigureAwait(false);
            return;
        }

        if (!api.Origins.IsAllowed(context.Request, out var origin))
        {
            AppLog.OriginRefused(api.Logger, origin);
            await HttpResponses.WriteErrorAsync(
                context, StatusCodes.Status403Forbidden, $"Origin {HttpResponses.Bounded(origin ?? "(none)")} may not open the app stream (NodHttpOptions.AppAllowedOrigins)").ConfigureAwait(false);
            return;
        }

        NodUserStream stream;
        long? after;
        string userId;
        try
        {
            after = AppQuery.After(context.Request.Query);
            var user = api.User(context);
            userId = user.UserId;
            stream = await user.SubscribeAsync(after, context.RequestAborted).ConfigureAwait(false);
        }
        catch (NodException ex)
        {
            await HttpResponses.WriteErrorAsync(context, ex.StatusCode, ex.Detail).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var options = api.Options;
        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                // The server pings every KeepAliveInterval; a peer that has not answered within the rest of the idle
                // timeout is dropped (PROTOCOL §8: ping every 15 s, a socket silent for 60 s is closed).
                KeepAliveInterval = options.WebSocketKeepAliveInterval,
                KeepAliveTimeout = options.WebSocketIdleTimeout - options.WebSocketKeepAliveInterval,
            }).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        using (socket)
        {
            AppLog.SocketConnected(api.Logger, userId, after);
            var session = new AppSocketSession(api, stream, userId, context.RequestAborted);
            await using (session.ConfigureAwait(false))
            {
                try
                {
                    await session.RunAsync(socket, context.Features.Get<BurstWriteStream>()).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // One socket's bug must not reach the host; the socket is dropped and the bug logged.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    AppLog.SocketFailed(api.Logger, userId, ex);
                    session.Abort();
                }
            }
        }
    }
}
