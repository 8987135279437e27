namespace Nod.Model;

/// <summary>An active "Thinking…" indicator of one conversation. Indicators live in memory only.</summary>
public sealed record Indicator
{
    /// <summary>The agent.</summary>
    public required string AgentId { get; init; }

    /// <summary>The conversation.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The bubble text, or <see langword="null"/>.</summary>
    public string? StatusText { get; init; }

    /// <summary>When it turned on.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>When it clears itself unless renewed (30 s after a start, 5 s after a heartbeat, by default).</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
