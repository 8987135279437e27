using Nod.Internal;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>A user starts another conversation with an interactive agent.</summary>
internal sealed class CreateConversationCommand(string userId, string agentId, CreateConversationRequest request) : EngineCommand<Conversation>
{
    private ConversationRecord? _conversation;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = context.VisibleAgent(agentId, userId);
        if (agent.Type == AgentType.ApprovalOnly)
        {
            throw NodException.Forbidden($"agent {agentId} is approval-only: it has no chat");
        }

        var title = Fields.Text(request.Title, "title", context.Limits.MaxTitleLength);
        _conversation = new ConversationRecord
        {
            Id = NodIds.Conversation(),
            AgentId = agentId,
            Title = string.IsNullOrWhiteSpace(title) ? null : title.Trim(),
            CreatedAt = context.Now,
        };
        context.Changes.PutConversation(_conversation);
        return ValueTask.CompletedTask;
    }

    protected override Conversation GetResult(CommandContext context) => AgentViews.From(_conversation!, context.Engine.Committed);
}
