using System.Text.Json.Serialization;

namespace Nod.Protocol;

/// <summary>
/// The answer to an agent event: the REST response body (<c>{"status":"ok", …}</c>) and, with <c>type</c> and
/// <c>ref</c>, the WebSocket <c>ack</c> (PROTOCOL §3).
/// </summary>
public sealed class AgentEventResult
{
    /// <summary>Always <c>ok</c>.</summary>
    public string Status { get; init; } = "ok";

    /// <summary>For <c>message</c>: the new message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MessageId { get; init; }

    /// <summary>For <c>decision</c> and <c>task_proposal</c>: the new decision.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DecisionId { get; init; }

    /// <summary>For <c>alert</c> and <c>status</c>: the new activity entry.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ActivityId { get; init; }

    /// <summary>The result with no ids.</summary>
    public static AgentEventResult Ok { get; } = new();
}

/// <summary><c>ack</c>: the WebSocket reply to a frame that carried a <c>ref</c>.</summary>
public sealed class AckFrame
{
    /// <summary>Always <c>ack</c>.</summary>
    [JsonPropertyOrder(-10)]
    public string Type { get; } = "ack";

    /// <summary>The frame's <c>ref</c>.</summary>
    [JsonPropertyOrder(-9)]
    public string? Ref { get; init; }

    /// <summary>Always <c>ok</c>.</summary>
    public string Status { get; init; } = "ok";

    /// <summary>For <c>message</c>: the new message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MessageId { get; init; }

    /// <summary>For <c>decision</c> and <c>task_proposal</c>: the new decision.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DecisionId { get; init; }

    /// <summary>For <c>alert</c> and <c>status</c>: the new activity entry.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ActivityId { get; init; }

    /// <summary>The ack of <paramref name="result"/> for the frame with <paramref name="reference"/>.</summary>
    /// <param name="reference">The frame's <c>ref</c>.</param>
    /// <param name="result">The result.</param>
    public static AckFrame From(string? reference, AgentEventResult result) => new()
    {
        Ref = reference,
        Status = result.Status,
        MessageId = result.MessageId,
        DecisionId = result.DecisionId,
        ActivityId = result.ActivityId,
    };
}

/// <summary><c>error</c>: the WebSocket reply to a frame that was refused; the socket stays open.</summary>
public sealed class ErrorFrame
{
    /// <summary>Always <c>error</c>.</summary>
    [JsonPropertyOrder(-10)]
    public string Type { get; } = "error";

    /// <summary>The frame's <c>ref</c>, if it had one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ref { get; init; }

    /// <summary>The reason, naming the field or id.</summary>
    public required string Detail { get; init; }
}

/// <summary><c>{"detail": …}</c>: the body of every REST error.</summary>
public sealed class ErrorBody
{
    /// <summary>The reason, naming the field or id.</summary>
    public required string Detail { get; init; }
}

/// <summary><c>auth_ok</c>: the agent's WebSocket is authenticated.</summary>
public sealed class AuthOkFrame
{
    /// <summary>Always <c>auth_ok</c>.</summary>
    [JsonPropertyOrder(-10)]
    public string Type { get; } = "auth_ok";

    /// <summary>The agent.</summary>
    public required string AgentId { get; init; }

    /// <summary>The agent's default conversation.</summary>
    public required string ConversationId { get; init; }
}

/// <summary><c>pong</c>: the answer to <c>ping</c>.</summary>
public sealed class PongFrame
{
    /// <summary>Always <c>pong</c>.</summary>
    public string Type { get; } = "pong";

    /// <summary>The one instance.</summary>
    public static PongFrame Instance { get; } = new();
}
