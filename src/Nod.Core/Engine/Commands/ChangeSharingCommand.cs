using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>
/// The owner shares an agent with another user, or stops sharing it. The user's open live streams start (or stop)
/// receiving the agent's events at once.
/// </summary>
internal sealed class ChangeSharingCommand(string userId, string agentId, string otherUserId, bool share) : EngineCommand<Agent>
{
    private AgentRecord? _agent;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = context.OwnedAgent(agentId, userId);
        var other = Fields.Required(otherUserId, "user_id", context.Limits.MaxIdLength);
        if (string.Equals(other, agent.OwnerId, StringComparison.Ordinal))
        {
            throw NodException.Invalid("user_id is the owner of the agent");
        }

        var isShared = agent.SharedWith.Contains(other, StringComparer.Ordinal);
        _agent = agent;
        if (share == isShared)
        {
            return ValueTask.CompletedTask;
        }

        _agent = agent with { SharedWith = share ? [.. agent.SharedWith, other] : [.. agent.SharedWith.Where(u => u != other)] };
        context.PutAgent(_agent);
        context.Emit(new AgentUpdatedFrame { Agent = context.ViewOf(_agent) }, agentId);
        if (!share)
        {
            context.Emit(new AgentRemovedFrame { AgentId = agentId, UserId = other }, agentId);
        }

        return ValueTask.CompletedTask;
    }

    protected override Agent GetResult(CommandContext context) => context.ViewOf(_agent!);
}
