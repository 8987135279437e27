namespace Nod.Model;

/// <summary>A new task (PROTOCOL §5 and §7): <c>schedule</c> is a 5-field cron expression, <c>once</c> (with <see cref="RunAt"/>) or <c>event</c>.</summary>
public sealed record CreateTaskRequest
{
    /// <summary>Display name (required).</summary>
    public string? Name { get; init; }

    /// <summary>What the agent is asked to do (required).</summary>
    public string? Prompt { get; init; }

    /// <summary>A 5-field cron expression, <c>once</c> or <c>event</c> (required).</summary>
    public string? Schedule { get; init; }

    /// <summary>For <c>once</c>: when to run (required, in the future).</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>For a cron schedule: an IANA time zone (default UTC).</summary>
    public string? Timezone { get; init; }

    /// <summary>Whether it fires (default <see langword="true"/>).</summary>
    public bool? Enabled { get; init; }
}

/// <summary>Changes to a task: a <see langword="null"/> property stays as it is.</summary>
public sealed record UpdateTaskRequest
{
    /// <summary>New name.</summary>
    public string? Name { get; init; }

    /// <summary>New prompt.</summary>
    public string? Prompt { get; init; }

    /// <summary>New schedule (cron, <c>once</c> or <c>event</c>).</summary>
    public string? Schedule { get; init; }

    /// <summary>New run time for <c>once</c>.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>New time zone; <c>""</c> for UTC.</summary>
    public string? Timezone { get; init; }

    /// <summary>Enable or disable.</summary>
    public bool? Enabled { get; init; }
}

/// <summary>How an agent ends a run (PROTOCOL §5, <c>runs/{id}/complete</c>).</summary>
public sealed record CompleteRunRequest
{
    /// <summary><see cref="TaskRunStatus.Completed"/> or <see cref="TaskRunStatus.Failed"/>.</summary>
    public TaskRunStatus Status { get; init; } = TaskRunStatus.Completed;

    /// <summary>What came of it; posted as the task-result bubble if the agent sent no message for the run.</summary>
    public string? Result { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }
}

/// <summary>A task due now that the agent has not started (PROTOCOL §5, <c>GET /api/agent/tasks/due</c>).</summary>
/// <param name="Id">The task id.</param>
/// <param name="Name">The task name.</param>
/// <param name="Prompt">The prompt.</param>
/// <param name="Schedule">The schedule.</param>
/// <param name="TriggerType">Scheduled or once.</param>
/// <param name="Enabled">Whether the task is enabled.</param>
/// <param name="RunId">The run waiting to be started.</param>
public sealed record DueTask(string Id, string Name, string Prompt, string Schedule, TaskTriggerType TriggerType, bool Enabled, string? RunId);

/// <summary>A trigger received while the agent was offline (PROTOCOL §5, <c>GET /api/agent/tasks/triggers/pending</c>).</summary>
/// <param name="Id">The trigger's event id (<c>evt_…</c>).</param>
/// <param name="TaskId">The task.</param>
/// <param name="TaskName">The task name.</param>
/// <param name="TaskPrompt">The prompt.</param>
/// <param name="Payload">The inbound body as JSON (a JSON string when it was not JSON).</param>
/// <param name="RunId">The run created for it.</param>
/// <param name="ReceivedAt">When it was received (UTC).</param>
public sealed record PendingTrigger(string Id, string TaskId, string TaskName, string TaskPrompt, System.Text.Json.JsonElement Payload, string RunId, DateTimeOffset ReceivedAt);

/// <summary>The answer to an inbound trigger: <c>202 {"status":"ok","event_id","run_id"}</c>.</summary>
/// <param name="EventId">The trigger's event id.</param>
/// <param name="RunId">The run created for it.</param>
public sealed record TriggerAccepted(string EventId, string RunId)
{
    /// <summary>Always <c>ok</c>.</summary>
    public string Status { get; } = "ok";
}
