namespace Nod.Engine.Commands;

/// <summary>A user runs a task now: a run is created and the agent gets <c>task_due</c>, whatever the schedule.</summary>
internal sealed class RunTaskNowCommand(string userId, string taskId) : EngineCommand<string>
{
    private string? _runId;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var (task, agent) = context.VisibleTask(taskId, userId);
        CommandContext.RequireTasks(agent);
        _runId = context.CreateRun(task, delivered: context.IsReachable(agent)).Id;
        return ValueTask.CompletedTask;
    }

    protected override string GetResult(CommandContext context) => _runId!;
}
