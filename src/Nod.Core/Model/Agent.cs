namespace Nod.Model;

/// <summary>An agent as users see it (PROTOCOL §7, Agent shape): the stored agent plus its live state.</summary>
public sealed record Agent
{
    /// <summary>The agent id, <c>agt_</c> + 16 hex.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>Interactive or approval-only.</summary>
    public AgentType Type { get; init; }

    /// <summary>Webhook URL, or <see langword="null"/>.</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>The owner's user id.</summary>
    public required string OwnerId { get; init; }

    /// <summary>User ids the agent is shared with.</summary>
    public IReadOnlyList<string> SharedWith { get; init; } = [];

    /// <summary>Whether at least one agent connection (WebSocket or in-process) is open.</summary>
    public bool Online { get; init; }

    /// <summary>When the agent was last seen, or <see langword="null"/> if never.</summary>
    public DateTimeOffset? LastSeenAt { get; init; }

    /// <summary>How many of its requests wait for an answer.</summary>
    public int PendingDecisions { get; init; }

    /// <summary>The default conversation, or <see langword="null"/> until it first exists.</summary>
    public string? DefaultConversationId { get; init; }

    /// <summary>When the agent was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
