using Nod.Model;

namespace Nod.Notifications;

/// <summary>Something people may want to hear of when they are not looking.</summary>
public abstract record NodNotification
{
    /// <summary>The agent it is about.</summary>
    public required string AgentId { get; init; }

    /// <summary>The agent's name.</summary>
    public required string AgentName { get; init; }

    /// <summary>Who can see the agent: its owner first, then the users it is shared with.</summary>
    public required IReadOnlyList<string> UserIds { get; init; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>An agent asked for a decision (not sent when an always-allow rule answered it at once).</summary>
public sealed record DecisionCreatedNotification : NodNotification
{
    /// <summary>The new request.</summary>
    public required Decision Decision { get; init; }
}

/// <summary>An agent posted a message.</summary>
public sealed record AgentMessageNotification : NodNotification
{
    /// <summary>The message.</summary>
    public required Message Message { get; init; }
}

/// <summary>A task run ended: completed, failed or timed out.</summary>
public sealed record TaskRunFinishedNotification : NodNotification
{
    /// <summary>The run, as it ended.</summary>
    public required TaskRun Run { get; init; }
}
