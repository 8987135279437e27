using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>
/// An event task's trigger URL was called: a run is created with the body as payload and the agent gets
/// <c>task_trigger</c> — live if connected, otherwise it waits in <c>triggers/pending</c> (and is pushed when the agent
/// connects). Unknown and disabled triggers answer the same 404.
/// </summary>
internal sealed class FireTriggerCommand(string triggerId, string payloadJson) : EngineCommand<TriggerAccepted>
{
    private TaskRun? _run;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        if (!context.State.TaskIdsByTrigger.TryGetValue(triggerId, out var taskId) ||
            !context.State.Tasks.TryGetValue(taskId, out var task) || !task.Enabled ||
            context.FindAgent(task.AgentId) is not { Type: AgentType.Interactive } agent)
        {
            throw NodException.NotFound("trigger was not found");
        }

        _run = context.CreateRun(task, delivered: context.State.IsOnline(agent.Id), triggerPayload: payloadJson);
        return ValueTask.CompletedTask;
    }

    protected override TriggerAccepted GetResult(CommandContext context) => new(_run!.EventId!, _run.Id);
}
