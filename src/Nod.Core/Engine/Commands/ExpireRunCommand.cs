using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>Posted by the deadline queue: a run the agent did not complete in time becomes <c>timed_out</c>.</summary>
internal sealed class ExpireRunCommand(string runId) : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        if (context.State.OpenRuns.TryGetValue(runId, out var run) && run.TimeoutAt is { } timeoutAt && timeoutAt <= context.Now)
        {
            context.EndRun(run, TaskRunStatus.TimedOut, result: null, error: null);
        }

        return ValueTask.CompletedTask;
    }

    protected override bool GetResult(CommandContext context) => !context.Changes.IsEmpty;
}
