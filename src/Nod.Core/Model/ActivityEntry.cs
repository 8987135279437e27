namespace Nod.Model;

/// <summary>One line of the activity feed (PROTOCOL §7, Activity shape).</summary>
public sealed record ActivityEntry
{
    /// <summary>The entry id, <c>act_</c> + 16 hex.</summary>
    public required string Id { get; init; }

    /// <summary>The <c>seq</c> of the event that created it; orders and pages the feed.</summary>
    public long Seq { get; init; }

    /// <summary>The agent it is about.</summary>
    public required string AgentId { get; init; }

    /// <summary>The kind of entry.</summary>
    public ActivityType Type { get; init; }

    /// <summary>One-line title.</summary>
    public required string Title { get; init; }

    /// <summary>Detail text, or <see langword="null"/>.</summary>
    public string? Text { get; init; }

    /// <summary>The task run, or <see langword="null"/>.</summary>
    public string? TaskRunId { get; init; }

    /// <summary>The decision it is about, or <see langword="null"/>.</summary>
    public string? DecisionId { get; init; }

    /// <summary>The message it is about, or <see langword="null"/>.</summary>
    public string? MessageId { get; init; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
