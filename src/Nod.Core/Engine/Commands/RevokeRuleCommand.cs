namespace Nod.Engine.Commands;

/// <summary>A user revokes one of an agent's rules.</summary>
internal sealed class RevokeRuleCommand(string userId, string agentId, string ruleId) : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        context.VisibleAgent(agentId, userId);
        if (!context.State.RulesOf(agentId).Any(r => r.Id == ruleId))
        {
            throw NodException.NotFound($"rule {ruleId} was not found");
        }

        context.Changes.DeleteRule(ruleId);
        return ValueTask.CompletedTask;
    }

    protected override bool GetResult(CommandContext context) => true;
}
