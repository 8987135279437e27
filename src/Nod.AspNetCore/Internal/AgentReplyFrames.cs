using System.Text.Json;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>The frames the agent WebSocket sends besides events, as UTF-8 JSON ready to send.</summary>
internal static class AgentReplyFrames
{
    /// <summary><c>{"type":"pong"}</c>, serialized once.</summary>
    public static readonly ReadOnlyMemory<byte> Pong = JsonSerializer.SerializeToUtf8Bytes(PongFrame.Instance, NodJsonContext.Default.PongFrame);

    public static ReadOnlyMemory<byte> AuthOk(string agentId, string conversationId) =>
        JsonSerializer.SerializeToUtf8Bytes(new AuthOkFrame { AgentId = agentId, ConversationId = conversationId }, NodJsonContext.Default.AuthOkFrame);

    /// <summary><c>ack</c>: the REST response fields with <c>type</c> and <c>ref</c>.</summary>
    public static ReadOnlyMemory<byte> Ack(string? reference, AgentEventResult result) =>
        JsonSerializer.SerializeToUtf8Bytes(AckFrame.From(reference, result), NodJsonContext.Default.AckFrame);

    public static ReadOnlyMemory<byte> Error(string? reference, string detail) =>
        JsonSerializer.SerializeToUtf8Bytes(new ErrorFrame { Ref = reference, Detail = detail }, NodJsonContext.Default.ErrorFrame);
}
