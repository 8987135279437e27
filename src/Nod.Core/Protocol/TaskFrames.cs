using System.Text.Json.Serialization;
using System.Text.Json;
using Nod.Model;

namespace Nod.Protocol;

/// <summary><c>task_due</c>: a scheduled or one-time task fell due; its run is already created (PROTOCOL §4–§5).</summary>
public sealed record TaskDueFrame : AgentFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "task_due";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The task.</summary>
    public string TaskId { get; init; } = string.Empty;

    /// <summary>The run to tag messages, alerts and decisions with, and to complete.</summary>
    public string RunId { get; init; } = string.Empty;

    /// <summary>The task's name.</summary>
    public string TaskName { get; init; } = string.Empty;

    /// <summary>What the agent is asked to do.</summary>
    public string TaskPrompt { get; init; } = string.Empty;

    /// <summary>The task's schedule (cron, <c>once</c> or <c>event</c>).</summary>
    public string Schedule { get; init; } = string.Empty;
}

/// <summary><c>task_trigger</c>: an event task's trigger URL was called (PROTOCOL §4–§5).</summary>
public sealed record TaskTriggerFrame : AgentFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "task_trigger";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The task.</summary>
    public string TaskId { get; init; } = string.Empty;

    /// <summary>The run created for this trigger.</summary>
    public string RunId { get; init; } = string.Empty;

    /// <summary>The task's name.</summary>
    public string TaskName { get; init; } = string.Empty;

    /// <summary>What the agent is asked to do.</summary>
    public string TaskPrompt { get; init; } = string.Empty;

    /// <summary>The inbound body: its JSON, or a JSON string when it was not JSON.</summary>
    public JsonElement Payload { get; init; }

    /// <summary>When the trigger was received (UTC).</summary>
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary><c>task_run_updated</c>: a run started, completed, failed or timed out.</summary>
public sealed record TaskRunUpdatedFrame : AppFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "task_run_updated";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The run as it is now.</summary>
    public TaskRun Run { get; init; } = null!;
}
