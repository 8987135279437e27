using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>
/// Posted by the deadline queue when a task falls due. Creates one run — announced at once when the agent is reachable;
/// when it is not, the run waits in <c>tasks/due</c>, and none is added while one already waits, so missed occurrences
/// never pile up — and moves the schedule on from now, so after downtime a task runs once at start-up, not once per
/// missed occurrence.
/// </summary>
internal sealed class TaskDueCommand(string taskId, DateTimeOffset dueAt) : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        if (!context.State.Tasks.TryGetValue(taskId, out var task) || !task.Enabled || task.NextRunAt != dueAt ||
            context.FindAgent(task.AgentId) is not { } agent)
        {
            return ValueTask.CompletedTask;
        }

        // A run still waiting from when the agent was away must not hold back one it can be told about now (e.g. it
        // has since been given a webhook URL): that run stays listed until the agent starts it.
        var reachable = context.IsReachable(agent);
        if (reachable || !context.State.OpenRuns.Values.Any(r => r.TaskId == taskId && !r.Delivered))
        {
            context.CreateRun(task, delivered: reachable);
        }

        var from = dueAt > context.Now ? dueAt : context.Now;
        context.Changes.PutTask(task with { NextRunAt = task.TriggerType == TaskTriggerType.Scheduled ? TaskSchedules.Next(task, from) : null });
        return ValueTask.CompletedTask;
    }

    protected override bool GetResult(CommandContext context) => !context.Changes.IsEmpty;
}
