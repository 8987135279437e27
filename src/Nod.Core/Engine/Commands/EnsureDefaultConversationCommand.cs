namespace Nod.Engine.Commands;

/// <summary>A user opens an interactive agent's chat before the agent ever used it: its default conversation is created now.</summary>
internal sealed class EnsureDefaultConversationCommand(string userId, string agentId) : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        context.VisibleAgent(agentId, userId);
        context.DefaultConversation(agentId);
        return ValueTask.CompletedTask;
    }

    protected override bool GetResult(CommandContext context) => true;
}
