using System.Text.Json.Serialization;
using Nod.Model;

namespace Nod.Protocol;

/// <summary><c>message_created</c>: a message in a conversation the user can see.</summary>
public sealed record MessageCreatedFrame : AppFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "message_created";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The message.</summary>
    public Message Message { get; init; } = null!;
}

/// <summary><c>decision_created</c>: a new request.</summary>
public sealed record DecisionCreatedFrame : AppFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "decision_created";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The request, as created.</summary>
    public Decision Decision { get; init; } = null!;
}

/// <summary><c>decision_resolved</c> as people's apps receive it: the whole decision, resolved.</summary>
public sealed record DecisionUpdatedFrame : AppFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "decision_resolved";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The request, resolved.</summary>
    public Decision Decision { get; init; } = null!;
}

/// <summary><c>activity_created</c>: a new activity feed entry.</summary>
public sealed record ActivityCreatedFrame : AppFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "activity_created";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The entry.</summary>
    public ActivityEntry Activity { get; init; } = null!;
}

/// <summary><c>indicator_changed</c>: a "Thinking…" bubble turned on, changed text, or went off (with the reason).</summary>
public sealed record IndicatorChangedFrame : AppFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "indicator_changed";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The agent.</summary>
    public string AgentId { get; init; } = string.Empty;

    /// <summary>The conversation.</summary>
    public string ConversationId { get; init; } = string.Empty;

    /// <summary>Whether the bubble shows now.</summary>
    public bool Active { get; init; }

    /// <summary>The bubble text, or <see langword="null"/>.</summary>
    public string? StatusText { get; init; }

    /// <summary>Why it went off; <see langword="null"/> while on.</summary>
    public IndicatorReason? Reason { get; init; }
}

/// <summary><c>agent_status</c>: an agent came online or went offline.</summary>
public sealed record AgentStatusFrame : AppFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "agent_status";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The agent.</summary>
    public string AgentId { get; init; } = string.Empty;

    /// <summary>Whether at least one agent connection is open.</summary>
    public bool Online { get; init; }
}

/// <summary><c>agent_updated</c>: an agent was created, changed, or became visible through sharing.</summary>
public sealed record AgentUpdatedFrame : AppFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "agent_updated";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The agent as it is now.</summary>
    public Agent Agent { get; init; } = null!;
}

/// <summary>
/// <c>agent_removed</c> (Nod Embedded addition): the agent was deleted (<see cref="UserId"/> is <see langword="null"/>)
/// or is no longer shared with <see cref="UserId"/>. Its events stop.
/// </summary>
public sealed record AgentRemovedFrame : AppFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "agent_removed";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The agent.</summary>
    public string AgentId { get; init; } = string.Empty;

    /// <summary>The user who lost access, or <see langword="null"/> when the agent was deleted.</summary>
    public string? UserId { get; init; }
}
