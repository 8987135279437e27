namespace Nod.Model;

/// <summary>A conversation as the store keeps it.</summary>
public sealed record ConversationRecord
{
    /// <summary>The conversation id, <c>conv_</c> + 16 hex.</summary>
    public required string Id { get; init; }

    /// <summary>The agent the conversation belongs to.</summary>
    public required string AgentId { get; init; }

    /// <summary>Optional title.</summary>
    public string? Title { get; init; }

    /// <summary>When it was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its newest message was posted, or <see langword="null"/>.</summary>
    public DateTimeOffset? LastMessageAt { get; init; }
}
