namespace Nod.Model;

/// <summary>A task as clients see it (PROTOCOL §7, Task shape), with its trigger URL.</summary>
public sealed record AgentTask
{
    /// <summary>The task id.</summary>
    public required string Id { get; init; }

    /// <summary>The agent that runs it.</summary>
    public required string AgentId { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>What the agent is asked to do.</summary>
    public required string Prompt { get; init; }

    /// <summary>A 5-field cron expression, <c>once</c> or <c>event</c>.</summary>
    public required string Schedule { get; init; }

    /// <summary>Scheduled, once or event.</summary>
    public TaskTriggerType TriggerType { get; init; }

    /// <summary>Whether it fires.</summary>
    public bool Enabled { get; init; }

    /// <summary>The time zone of a cron schedule, or <see langword="null"/> (UTC).</summary>
    public string? Timezone { get; init; }

    /// <summary>For <c>once</c>: when to run.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>When it next falls due, or <see langword="null"/>.</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>For an event task: its trigger token.</summary>
    public string? TriggerId { get; init; }

    /// <summary>
    /// For an event task: the URL that triggers it, under <c>MapNod</c>'s prefix (<see cref="NodOptions.RoutePrefix"/>);
    /// absolute when <see cref="NodOptions.PublicBaseUrl"/> is set, else a path.
    /// </summary>
    public string? TriggerUrl { get; init; }

    /// <summary>A person or the agent.</summary>
    public TaskCreator CreatedBy { get; init; }

    /// <summary>When it was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
