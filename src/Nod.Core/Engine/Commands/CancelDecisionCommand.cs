using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>The agent withdraws its own pending request (409 if it was already resolved).</summary>
internal sealed class CancelDecisionCommand(string agentId, string decisionId) : EngineCommand<Decision>
{
    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        var pending = await PendingDecisions.FindAsync(context, decisionId, agent => agent.Id == agentId).ConfigureAwait(false);
        DecisionResolution.Resolve(context, pending, DecisionStatus.Cancelled, note: null, resolvedBy: null, resolvedByUserId: null);
    }

    protected override Decision GetResult(CommandContext context) => context.Changes.Decisions[0].Decision;
}
