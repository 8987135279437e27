namespace Nod.Model;

/// <summary>The task an agent proposed with <c>task_proposal</c>; approving its decision creates the task.</summary>
public sealed record TaskProposal
{
    /// <summary>The proposed task's name.</summary>
    public required string Name { get; init; }

    /// <summary>The prompt the agent gets when the task runs.</summary>
    public required string Prompt { get; init; }

    /// <summary>A 5-field cron expression, <c>once</c> or <c>event</c>.</summary>
    public required string Schedule { get; init; }

    /// <summary>For <c>once</c>: when to run.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>For cron schedules: the IANA time zone, or <see langword="null"/> for UTC.</summary>
    public string? Timezone { get; init; }
}
