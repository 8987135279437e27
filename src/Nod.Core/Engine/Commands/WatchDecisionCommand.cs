using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>
/// An in-process agent waits for one of its decisions. Runs on the loop so it cannot miss a resolution: either the
/// decision is still pending and the waiter is registered before anything can resolve it, or it is already resolved.
/// </summary>
internal sealed class WatchDecisionCommand(string agentId, string decisionId) : EngineCommand<Task<Decision>>
{
    private Task<Decision>? _resolution;

    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        if (context.State.Pending.TryGetValue(decisionId, out var pending) && pending.AgentId == agentId)
        {
            _resolution = context.Engine.Waiters.Watch(decisionId);
            return;
        }

        var stored = await context.Store.Decisions.GetAsync(decisionId).ConfigureAwait(false);
        if (stored is null || stored.AgentId != agentId)
        {
            throw NodException.NotFound($"decision {decisionId} was not found");
        }

        // Still pending in the store but not in the working state: an earlier command of this batch resolved it and
        // has not committed yet; its commit completes the waiter.
        _resolution = stored.IsPending ? context.Engine.Waiters.Watch(decisionId) : Task.FromResult(stored);
    }

    protected override Task<Decision> GetResult(CommandContext context) => _resolution!;
}
