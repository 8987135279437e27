using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>Finds a pending decision for someone allowed to act on it: 404 if unknown or not theirs, 409 if already resolved.</summary>
internal static class PendingDecisions
{
    public static async ValueTask<Decision> FindAsync(CommandContext context, string decisionId, Func<AgentRecord, bool> mayAct)
    {
        if (context.State.Pending.TryGetValue(decisionId, out var pending))
        {
            return context.FindAgent(pending.AgentId) is { } agent && mayAct(agent)
                ? pending
                : throw NodException.NotFound($"decision {decisionId} was not found");
        }

        // Not pending in the working state (which is ahead of the store): resolved, or not there at all.
        var stored = await context.Store.Decisions.GetAsync(decisionId).ConfigureAwait(false);
        if (stored is not null && context.FindAgent(stored.AgentId) is { } owner && mayAct(owner))
        {
            throw NodException.Conflict($"decision {decisionId} is no longer pending");
        }

        throw NodException.NotFound($"decision {decisionId} was not found");
    }
}
