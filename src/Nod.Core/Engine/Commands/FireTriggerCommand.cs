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

    /// <summary>The one answer for every trigger that does not fire (unknown, disabled, deleted): nothing to probe.</summary>
    public static NodException NotFound() => NodException.NotFound("trigger was not found");

    /// <summary>The enabled event task of an interactive agent that <paramref name="triggerId"/> fires, or <see langword="null"/>.</summary>
    public static TaskRecord? Target(EngineState state, string triggerId, Func<string, AgentRecord?> findAgent) =>
        state.TaskIdsByTrigger.TryGetValue(triggerId, out var taskId) &&
        state.Tasks.TryGetValue(taskId, out var task) && task.Enabled &&
        findAgent(task.AgentId) is { Type: AgentType.Interactive }
            ? task
            : null;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var task = Target(context.State, triggerId, context.FindAgent) ?? throw NotFound();
        var max = context.Limits.MaxPendingTriggersPerTask;
        if (context.State.OpenRuns.Values.Count(r => r.TaskId == task.Id && !r.Delivered) >= max)
        {
            throw new NodException(NodErrorKind.RateLimited, $"this trigger already has {max} runs waiting for its agent; retry once it has taken some");
        }

        _run = context.CreateRun(task, delivered: context.IsOnline(task.AgentId), triggerPayload: payloadJson);
        return ValueTask.CompletedTask;
    }

    protected override TriggerAccepted GetResult(CommandContext context) => new(_run!.EventId!, _run.Id);
}
