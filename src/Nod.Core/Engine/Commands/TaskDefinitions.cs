using Nod.Internal;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>Builds and changes task definitions with every field checked (errors name the field).</summary>
internal static class TaskDefinitions
{
    /// <summary>
    /// A new task from a request. <paramref name="lateRunAtRunsNow"/> (an approved proposal) lets a once-task whose
    /// <c>run_at</c> has passed run at once instead of being refused.
    /// </summary>
    public static TaskRecord Create(CommandContext context, AgentRecord agent, CreateTaskRequest request, TaskCreator createdBy, bool lateRunAtRunsNow = false)
    {
        var limits = context.Limits;
        var schedule = Fields.Required(request.Schedule, "schedule", limits.MaxTitleLength).Trim();
        var task = new TaskRecord
        {
            Id = NodIds.Task(),
            AgentId = agent.Id,
            Name = Fields.Required(request.Name, "name", limits.MaxTitleLength).Trim(),
            Prompt = Fields.Required(request.Prompt, "prompt", limits.MaxTextLength),
            Schedule = schedule,
            TriggerType = TaskSchedules.Parse(schedule),
            Enabled = request.Enabled ?? true,
            CreatedBy = createdBy,
            CreatedAt = context.Now,
        };
        task = WithTiming(context, task, request.Timezone, request.RunAt, lateRunAtRunsNow);
        return task with { TriggerId = task.TriggerType == TaskTriggerType.Event ? NodIds.Trigger() : null };
    }

    /// <summary>The task with the request's changes; when its timing changed, the next run is recomputed from now.</summary>
    public static TaskRecord Update(CommandContext context, TaskRecord task, UpdateTaskRequest request)
    {
        var limits = context.Limits;
        // A schedule the request does not change is not judged again: one stored under older rules stays editable.
        var schedule = request.Schedule is null ? task.Schedule : Fields.Required(request.Schedule, "schedule", limits.MaxTitleLength).Trim();
        var type = request.Schedule is null ? task.TriggerType : TaskSchedules.Parse(schedule);
        var updated = task with
        {
            Name = request.Name is null ? task.Name : Fields.Required(request.Name, "name", limits.MaxTitleLength).Trim(),
            Prompt = request.Prompt is null ? task.Prompt : Fields.Required(request.Prompt, "prompt", limits.MaxTextLength),
            Schedule = schedule,
            TriggerType = type,
            Enabled = request.Enabled ?? task.Enabled,
            TriggerId = type == TaskTriggerType.Event ? task.TriggerId ?? NodIds.Trigger() : null,
        };
        var timezone = request.Timezone is null ? task.Timezone : request.Timezone.Length == 0 ? null : request.Timezone;

        // A once-task keeps its run_at unless a new one comes; a past one then simply does not run again.
        var runAt = request.RunAt ?? (type == TaskTriggerType.Once ? task.RunAt : null);
        var rescheduled = request.RunAt is not null || request.Schedule is not null;
        var result = WithTiming(context, updated, timezone, runAt, lateRunAtRunsNow: false, requireFutureRunAt: rescheduled);

        // A change that leaves the timing as it was keeps the due time: recomputed from now, a rename processed at the
        // very moment the task falls due would move it to the next occurrence and the due one would never run.
        return SameTiming(result, task) ? result with { NextRunAt = task.NextRunAt } : result;
    }

    private static bool SameTiming(TaskRecord a, TaskRecord b) =>
        a.Schedule == b.Schedule && a.Timezone == b.Timezone && a.RunAt == b.RunAt && a.Enabled == b.Enabled;

    private static TaskRecord WithTiming(
        CommandContext context, TaskRecord task, string? timezone, DateTimeOffset? runAt, bool lateRunAtRunsNow, bool requireFutureRunAt = true)
    {
        Fields.Text(timezone, "timezone", context.Limits.MaxIdLength);
        TaskSchedules.Zone(timezone);
        DateTimeOffset? normalizedRunAt = null;
        if (task.TriggerType == TaskTriggerType.Once)
        {
            if (runAt is null)
            {
                throw NodException.Invalid("run_at is required when schedule is 'once'");
            }

            normalizedRunAt = Timestamps.Truncate(runAt.Value);
            if (normalizedRunAt <= context.Now && requireFutureRunAt && !lateRunAtRunsNow)
            {
                throw NodException.Invalid("run_at must be in the future");
            }
        }

        var timed = task with { Timezone = string.IsNullOrEmpty(timezone) ? null : timezone, RunAt = normalizedRunAt };
        var next = !timed.Enabled ? null
            : timed.TriggerType == TaskTriggerType.Once ? (normalizedRunAt > context.Now ? normalizedRunAt : lateRunAtRunsNow ? context.Now : null)
            : TaskSchedules.Next(timed, context.Now);
        return timed with { NextRunAt = next };
    }
}
