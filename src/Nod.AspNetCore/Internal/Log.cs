using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace Nod.AspNetCore.Internal;

/// <summary>Log messages of Nod's HTTP transports: source-generated, with stable event ids (2000–2099).</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Error, "Nod HTTP request {Method} {Route} failed unexpectedly.")]
    public static partial void RequestFailed(ILogger logger, string method, string route, Exception exception);

    [LoggerMessage(2001, LogLevel.Debug, "Agent WebSocket for {AgentId} connected.")]
    public static partial void SocketConnected(ILogger logger, string agentId);

    [LoggerMessage(2002, LogLevel.Debug, "Agent WebSocket for {AgentId} refused: {CloseStatus} {Reason}")]
    public static partial void SocketRefused(ILogger logger, string agentId, WebSocketCloseStatus closeStatus, string reason);

    [LoggerMessage(2003, LogLevel.Debug, "Agent WebSocket for {AgentId} closed: {CloseStatus} {Reason}")]
    public static partial void SocketClosing(ILogger logger, string agentId, WebSocketCloseStatus closeStatus, string reason);

    [LoggerMessage(2004, LogLevel.Information, "Agent WebSocket for {AgentId} dropped: it took no frame for {Timeout} (the peer stopped reading or is gone).")]
    public static partial void SocketStalled(ILogger logger, string agentId, TimeSpan timeout);

    [LoggerMessage(2005, LogLevel.Debug, "Agent WebSocket for {AgentId} ended without a close handshake.")]
    public static partial void SocketAborted(ILogger logger, string agentId, Exception? exception);

    [LoggerMessage(2006, LogLevel.Error, "Agent WebSocket for {AgentId} failed unexpectedly.")]
    public static partial void SocketFailed(ILogger logger, string agentId, Exception exception);

    [LoggerMessage(2007, LogLevel.Error, "Handling a frame of agent {AgentId} failed unexpectedly.")]
    public static partial void FrameFailed(ILogger logger, string agentId, Exception exception);

    [LoggerMessage(2008, LogLevel.Warning, "Closing the connection of agent {AgentId} failed; it is released when Nod stops.")]
    public static partial void ReleaseFailed(ILogger logger, string agentId, Exception exception);
}
