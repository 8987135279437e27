using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>
/// Posted by the deadline queue when a task falls due. Creates one run (none if the agent still has an undelivered
/// one: missed occurrences never pile up) and moves the schedule on from now — so after downtime a task runs once at
/// start-up, not once per missed occurrence.
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

        if (!context.State.OpenRuns.Values.Any(r => r.TaskId == taskId && !r.Delivered))
        {
            context.CreateRun(task, delivered: context.IsReachable(agent));
        }

        var from = dueAt > context.Now ? dueAt : context.Now;
        context.Changes.PutTask(task with { NextRunAt = task.TriggerType == TaskTriggerType.Scheduled ? TaskSchedules.Next(task, from) : null });
        return ValueTask.CompletedTask;
    }

    protected override bool GetResult(CommandContext context) => !context.Changes.IsEmpty;
}
