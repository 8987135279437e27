namespace Nod.Model;

/// <summary>A conversation as users see it (PROTOCOL §7, Conversation shape), with its "Thinking…" state.</summary>
public sealed record Conversation
{
    /// <summary>The conversation id.</summary>
    public required string Id { get; init; }

    /// <summary>The agent it belongs to.</summary>
    public required string AgentId { get; init; }

    /// <summary>Optional title.</summary>
    public string? Title { get; init; }

    /// <summary>When it was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its newest message was posted, or <see langword="null"/>.</summary>
    public DateTimeOffset? LastMessageAt { get; init; }

    /// <summary>The processing indicator of this conversation.</summary>
    public required ProcessingState Processing { get; init; }
}

/// <summary>The "Thinking…" bubble of one conversation.</summary>
/// <param name="Active">Whether the bubble shows.</param>
/// <param name="StatusText">The text in the bubble, or <see langword="null"/>.</param>
/// <param name="Since">When it turned on, or <see langword="null"/> when off.</param>
public sealed record ProcessingState(bool Active, string? StatusText, DateTimeOffset? Since)
{
    /// <summary>The indicator when it is off.</summary>
    public static ProcessingState Off { get; } = new(false, null, null);
}
