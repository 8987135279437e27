using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>The owner deletes an agent with everything of it; its connections end and its waiters fail.</summary>
internal sealed class DeleteAgentCommand(string userId, string agentId) : EngineCommand<bool>
{
    private string[] _pendingDecisions = [];

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        context.OwnedAgent(agentId, userId);
        _pendingDecisions = [.. context.State.Pending.Values.Where(d => d.AgentId == agentId).Select(d => d.Id)];
        context.Changes.DeleteAgent(agentId);
        foreach (var indicator in context.IndicatorsOf(agentId).ToList())
        {
            context.Changes.IndicatorChanges.Add((indicator.AgentId, indicator.ConversationId, null));
        }

        context.Changes.ConnectionChanges.Add((agentId, []));
        context.Emit(new AgentRemovedFrame { AgentId = agentId }, agentId);
        return ValueTask.CompletedTask;
    }

    protected override void OnCommitted(CommandContext context)
    {
        context.Engine.LastSeen.Forget(agentId);
        foreach (var decisionId in _pendingDecisions)
        {
            context.Engine.Waiters.Fail(decisionId, NodException.NotFound($"agent {agentId} was deleted"));
        }
    }

    protected override bool GetResult(CommandContext context) => true;
}
