using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>One execution of a task (PROTOCOL §7, Run shape).</summary>
public sealed record TaskRun
{
    /// <summary>The run id, <c>run_</c> + 16 hex.</summary>
    public required string Id { get; init; }

    /// <summary>The task.</summary>
    public required string TaskId { get; init; }

    /// <summary>The agent the task belongs to. Not on the wire.</summary>
    [JsonIgnore]
    public string AgentId { get; init; } = string.Empty;

    /// <summary>Running, completed, failed or timed out.</summary>
    public TaskRunStatus Status { get; init; }

    /// <summary>What the agent reported, or <see langword="null"/>.</summary>
    public string? Result { get; init; }

    /// <summary>The failure the agent reported, or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>For an event task: the inbound trigger that started it, or <see langword="null"/>.</summary>
    public string? TriggerEventId { get; init; }

    /// <summary>When it started (UTC).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended, or <see langword="null"/> while running.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
