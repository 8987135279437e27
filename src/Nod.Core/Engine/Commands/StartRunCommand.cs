namespace Nod.Engine.Commands;

/// <summary>
/// The agent starts a task itself (<c>run/start</c>): it takes the task's waiting run (due while it was away, or a
/// trigger received while offline), or a new run if none waits (no <c>task_due</c> for it: the agent asked for it).
/// </summary>
internal sealed class StartRunCommand(string agentId, string taskId) : EngineCommand<string>
{
    private string? _runId;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        CommandContext.RequireTasks(context.CallingAgent(agentId));
        var task = context.TaskOfAgent(agentId, taskId);
        var waiting = context.State.OpenRuns.Values.Where(r => r.TaskId == taskId && !r.Delivered).OrderBy(r => r.StartedAt).FirstOrDefault();
        _runId = waiting is not null ? context.Deliver(waiting, announceAgain: false).Id : context.CreateRun(task, delivered: true, announce: false).Id;
        return ValueTask.CompletedTask;
    }

    protected override string GetResult(CommandContext context) => _runId!;
}
