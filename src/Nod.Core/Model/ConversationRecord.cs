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

    /// <summary>
    /// Whether the event log last said the conversation's "Thinking…" bubble is on: set and cleared in the commits that
    /// log it turning on and off. The bubble itself lives in memory; this tells a start-up after an unclean stop (a crash,
    /// a kill) which bubbles the log left on, so it can log them going off.
    /// </summary>
    public bool LoggedProcessing { get; init; }
}
