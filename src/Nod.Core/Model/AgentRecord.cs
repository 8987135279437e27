namespace Nod.Model;

/// <summary>
/// An agent as the store keeps it, credentials included. Never sent to a client as it is:
/// <see cref="Agent"/> is the public view.
/// </summary>
public sealed record AgentRecord
{
    /// <summary>The agent id, <c>agt_</c> + 16 hex.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>Interactive or approval-only.</summary>
    public AgentType Type { get; init; }

    /// <summary>Where agent-bound events go when no WebSocket is open, or <see langword="null"/>.</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>The user who created the agent.</summary>
    public required string OwnerId { get; init; }

    /// <summary>Users the owner shared the agent with (besides the owner).</summary>
    public IReadOnlyList<string> SharedWith { get; init; } = [];

    /// <summary>Lowercase hex SHA-256 of the agent secret; the secret itself is never stored.</summary>
    public required string SecretHash { get; init; }

    /// <summary>The webhook signing secret (<c>whsec_</c> + base64 of 32 bytes); kept because every delivery is signed with it.</summary>
    public required string WebhookSecret { get; init; }

    /// <summary>The default conversation, created the first time it is needed.</summary>
    public string? DefaultConversationId { get; init; }

    /// <summary>When the agent was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the agent was last connected or last called the API, as far as the store knows.</summary>
    public DateTimeOffset? LastSeenAt { get; init; }

    /// <summary>
    /// Whether the event log last said the agent is online: set and cleared in the commits that log it going online and
    /// offline. Presence itself lives in memory; this tells a start-up after an unclean stop (a crash, a kill) which
    /// agents the log left online, so it can log them going offline.
    /// </summary>
    public bool LoggedOnline { get; init; }

    /// <summary>Prints the agent without its credentials, so logging a record never leaks them.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id).Append(", Name = ").Append(Name).Append(", Type = ").Append(Type)
            .Append(", OwnerId = ").Append(OwnerId).Append(", SecretHash = ***, WebhookSecret = ***");
        return true;
    }

    /// <summary>Whether <paramref name="userId"/> owns the agent or it is shared with them.</summary>
    /// <param name="userId">The user to check.</param>
    public bool IsVisibleTo(string userId) =>
        string.Equals(OwnerId, userId, StringComparison.Ordinal) || SharedWith.Contains(userId, StringComparer.Ordinal);
}
