namespace Nod.Model;

/// <summary>A task as the store keeps it: a prompt an interactive agent gets on a schedule or a trigger.</summary>
public sealed record TaskRecord
{
    /// <summary>The task id, <c>tsk_</c> + 16 hex.</summary>
    public required string Id { get; init; }

    /// <summary>The agent that runs it.</summary>
    public required string AgentId { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>What the agent is asked to do.</summary>
    public required string Prompt { get; init; }

    /// <summary>A 5-field cron expression, <c>once</c> or <c>event</c>.</summary>
    public required string Schedule { get; init; }

    /// <summary>Derived from <see cref="Schedule"/>.</summary>
    public TaskTriggerType TriggerType { get; init; }

    /// <summary>Whether it fires.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The IANA time zone of a cron schedule, or <see langword="null"/> for UTC.</summary>
    public string? Timezone { get; init; }

    /// <summary>For <c>once</c>: when to run.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>When it next falls due, or <see langword="null"/> (disabled, event task, or a once-task that ran).</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>For an event task: the secret token of its trigger URL (<c>trg_</c> + 32 hex).</summary>
    public string? TriggerId { get; init; }

    /// <summary>A person or the agent.</summary>
    public TaskCreator CreatedBy { get; init; }

    /// <summary>When it was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
