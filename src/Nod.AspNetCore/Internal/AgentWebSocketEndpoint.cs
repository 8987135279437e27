using Microsoft.AspNetCore.Http;

namespace Nod.AspNetCore.Internal;

/// <summary><c>GET /ws/agent/{agent_id}</c>: upgrades to a WebSocket and runs an <see cref="AgentSocketSession"/> on it.</summary>
internal sealed class AgentWebSocketEndpoint(AgentApi api)
{
    /// <summary>
    /// Anything else under <c>/ws/agent/</c>: 405 (with <c>Allow</c>) for an agent socket path with another method, else
    /// 404 — both with a detail, as everywhere else.
    /// </summary>
    public static Task UnknownAsync(HttpContext context)
    {
        var path = context.Request.RouteValues["path"] as string ?? string.Empty;
        if (!HttpResponses.IsSingleSegment(path))
        {
            return HttpResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"there is no agent WebSocket at /ws/agent/{HttpResponses.Bounded(path)}");
        }

        context.Response.Headers.Allow = $"{HttpMethods.Get}, {HttpMethods.Connect}";
        return HttpResponses.WriteErrorAsync(
            context, StatusCodes.Status405MethodNotAllowed, "the agent WebSocket only accepts GET (a WebSocket upgrade)");
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await HttpResponses.WriteErrorAsync(
                context, StatusCodes.Status400BadRequest, "this endpoint takes a WebSocket upgrade (GET with Upgrade: websocket)").ConfigureAwait(false);
            return;
        }

        long? after;
        try
        {
            after = UpdatesQuery.OptionalAfter(context.Request.Query);
        }
        catch (NodException ex)
        {
            await HttpResponses.WriteErrorAsync(context, ex.StatusCode, ex.Detail).ConfigureAwait(false);
            return;
        }

        var agentId = context.Request.RouteValues["agent_id"] as string ?? string.Empty;
        var headers = context.Request.Headers;
        foreach (var name in (ReadOnlySpan<string>)[AgentAuthentication.AgentIdHeader, AgentAuthentication.SecretHeader])
        {
            if (headers[name].Count > 1)
            {
                // As over REST: credentials given twice are refused, not half-used.
                await HttpResponses.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, $"{name} header is given more than once").ConfigureAwait(false);
                return;
            }
        }

        var headerAgentId = headers[AgentAuthentication.AgentIdHeader] is { Count: 1 } id ? id[0] : null;
        var headerSecret = headers[AgentAuthentication.SecretHeader] is { Count: 1 } secret && !string.IsNullOrEmpty(secret[0]) ? secret[0] : null;

        var options = api.Options;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            // The server pings every KeepAliveInterval; a peer that has not answered within the rest of the idle
            // timeout is dropped (PROTOCOL §8: ping every 15 s, a socket silent for 60 s is closed).
            KeepAliveInterval = options.WebSocketKeepAliveInterval,
            KeepAliveTimeout = options.WebSocketIdleTimeout - options.WebSocketKeepAliveInterval,
        }).ConfigureAwait(false);

        var session = new AgentSocketSession(api, socket, agentId, context.RequestAborted);
        await using (session.ConfigureAwait(false))
        {
            try
            {
                await session.RunAsync(headerAgentId, headerSecret, after).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One socket's bug must not reach the host; the socket is dropped and the bug logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.SocketFailed(api.Logger, agentId, ex);
                session.Abort();
            }
        }
    }
}
