using System.Net.WebSockets;
using System.Text;

namespace Nod.AspNetCore.Internal;

/// <summary>The close codes of the agent WebSocket (PROTOCOL §2, §8).</summary>
internal static class AgentCloseCodes
{
    /// <summary>The first frame is not a valid auth frame, or none came within the auth timeout.</summary>
    public const WebSocketCloseStatus AuthRequired = (WebSocketCloseStatus)4001;

    /// <summary>Wrong secret, an <c>agent_id</c> that differs from the path, or the connection was revoked (secret rotated, agent deleted).</summary>
    public const WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4003;

    /// <summary>Unknown agent id.</summary>
    public const WebSocketCloseStatus UnknownAgent = (WebSocketCloseStatus)4004;

    /// <summary>A message over the size limit.</summary>
    public const WebSocketCloseStatus TooBig = WebSocketCloseStatus.MessageTooBig;

    /// <summary>Nod is shutting down.</summary>
    public const WebSocketCloseStatus GoingAway = WebSocketCloseStatus.EndpointUnavailable;

    /// <summary>A close reason must fit in 123 bytes of UTF-8 (RFC 6455 §5.5).</summary>
    public static string Reason(string reason)
    {
        const int MaxBytes = 123;
        if (Encoding.UTF8.GetByteCount(reason) <= MaxBytes)
        {
            return reason;
        }

        var end = reason.Length;
        while (end > 0 && Encoding.UTF8.GetByteCount(reason.AsSpan(0, end)) > MaxBytes - 3)
        {
            end--;
        }

        // Do not cut a surrogate pair in half.
        if (end > 0 && char.IsHighSurrogate(reason[end - 1]))
        {
            end--;
        }

        return string.Concat(reason.AsSpan(0, end), "…");
    }
}
