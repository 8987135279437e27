using Nod.Model;

namespace Nod.Engine;

/// <summary>Builds the Task shape of PROTOCOL §7 from the stored task.</summary>
internal static class TaskViews
{
    public static AgentTask From(TaskRecord task, NodOptions options) => new()
    {
        Id = task.Id,
        AgentId = task.AgentId,
        Name = task.Name,
        Prompt = task.Prompt,
        Schedule = task.Schedule,
        TriggerType = task.TriggerType,
        Enabled = task.Enabled,
        Timezone = task.Timezone,
        RunAt = task.RunAt,
        NextRunAt = task.NextRunAt,
        TriggerId = task.TriggerId,
        TriggerUrl = task.TriggerId is { } trigger ? TriggerUrl(options, trigger) : null,
        CreatedBy = task.CreatedBy,
        CreatedAt = task.CreatedAt,
    };

    /// <summary><c>{PublicBaseUrl}{RoutePrefix}/api/triggers/{trigger_id}</c>: where MapNod serves the trigger route.</summary>
    public static string TriggerUrl(NodOptions options, string triggerId) =>
        $"{options.PublicBaseUrl?.TrimEnd('/')}{options.RoutePrefix.TrimEnd('/')}/api/triggers/{triggerId}";
}
