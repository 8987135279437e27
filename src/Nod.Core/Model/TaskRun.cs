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

    /// <summary>
    /// The id of the agent event that announced it (<c>task_due</c> or <c>task_trigger</c>); redeliveries reuse it.
    /// Not on the wire (a trigger run shows it as <see cref="TriggerEventId"/>).
    /// </summary>
    [JsonIgnore]
    public string? EventId { get; init; }

    /// <summary>
    /// Whether the agent has it: it was connected (or had a webhook) when the run was created, it started it, or it
    /// connected since. Undelivered runs are what <c>tasks/due</c> and <c>tasks/triggers/pending</c> list. Not on the wire.
    /// </summary>
    [JsonIgnore]
    public bool Delivered { get; init; }

    /// <summary>When an undelivered-then-delivered or running run times out, or <see langword="null"/>. Not on the wire.</summary>
    [JsonIgnore]
    public DateTimeOffset? TimeoutAt { get; init; }

    /// <summary>Whether the agent posted a message tagged with this run (its result then needs no bubble). Not on the wire.</summary>
    [JsonIgnore]
    public bool HasMessage { get; init; }

    /// <summary>
    /// For a trigger run still waiting for its agent: the inbound body as JSON text (a JSON string when it was not JSON).
    /// Dropped once the agent has the run (its <c>task_trigger</c> event in the agent's update log keeps the payload), so
    /// runs in progress hold no payloads. Not on the wire.
    /// </summary>
    [JsonIgnore]
    public string? TriggerPayload { get; init; }

    /// <summary>Whether the run is still going.</summary>
    [JsonIgnore]
    public bool IsRunning => Status == TaskRunStatus.Running;
}
