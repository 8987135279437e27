using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace Nod.AspNetCore.Internal;

/// <summary>Log messages of the app API: source-generated, with stable event ids (2101–2199; 2100 retired).</summary>
internal static partial class AppLog
{
    [LoggerMessage(2101, LogLevel.Warning,
        "An app API request is authenticated ({AuthenticationType}) but has no NameIdentifier or sub claim: set NodHttpOptions.ResolveAppUser to tell Nod who the user is. " +
        "Logged once per authentication type; later such requests get the same 403 without a log line.")]
    public static partial void NoUserId(ILogger logger, string? authenticationType);

    [LoggerMessage(2102, LogLevel.Debug, "App WebSocket of user {UserId} connected (after {After}).")]
    public static partial void SocketConnected(ILogger logger, string userId, long? after);

    [LoggerMessage(2103, LogLevel.Information, "App WebSocket upgrade refused: Origin {Origin} is not allowed.")]
    public static partial void OriginRefused(ILogger logger, string? origin);

    [LoggerMessage(2104, LogLevel.Debug, "App WebSocket of user {UserId} closed: {CloseStatus} {Reason}")]
    public static partial void SocketClosing(ILogger logger, string userId, WebSocketCloseStatus closeStatus, string reason);

    [LoggerMessage(2105, LogLevel.Information, "App WebSocket of user {UserId} dropped: it took no frame for {Timeout} (the peer stopped reading or is gone).")]
    public static partial void SocketStalled(ILogger logger, string userId, TimeSpan timeout);

    [LoggerMessage(2106, LogLevel.Debug, "App WebSocket of user {UserId} ended without a close handshake.")]
    public static partial void SocketAborted(ILogger logger, string userId, Exception? exception);

    [LoggerMessage(2107, LogLevel.Error, "App WebSocket of user {UserId} failed unexpectedly.")]
    public static partial void SocketFailed(ILogger logger, string userId, Exception exception);
}
