using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>Posted by the deadline queue: the decision expires unless somebody resolved it first.</summary>
internal sealed class ExpireDecisionCommand(string decisionId) : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        if (context.State.Pending.TryGetValue(decisionId, out var pending) && pending.ExpiresAt is { } expiresAt && expiresAt <= context.Now)
        {
            DecisionResolution.Resolve(context, pending, DecisionStatus.Expired, note: null, resolvedBy: null, resolvedByUserId: null);
        }

        return ValueTask.CompletedTask;
    }

    protected override bool GetResult(CommandContext context) => !context.Changes.IsEmpty;
}
