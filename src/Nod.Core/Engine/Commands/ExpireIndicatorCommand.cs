using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>Posted by the deadline queue: the indicator clears itself unless it was renewed in the meantime.</summary>
internal sealed class ExpireIndicatorCommand(string agentId, string conversationId) : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        if (context.FindIndicator(agentId, conversationId) is { } indicator && indicator.ExpiresAt <= context.Now)
        {
            context.ClearIndicator(agentId, conversationId, IndicatorReason.Timeout);
        }

        return ValueTask.CompletedTask;
    }

    protected override bool GetResult(CommandContext context) => !context.Changes.IsEmpty;
}
