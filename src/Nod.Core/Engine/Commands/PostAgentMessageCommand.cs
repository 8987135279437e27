using Nod.Internal;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>
/// An agent posts a chat message: it is stored, announced to people, logged as activity, and the conversation's
/// "Thinking…" bubble goes off.
/// </summary>
internal sealed class PostAgentMessageCommand(string agentId, MessageEvent message) : EngineCommand<AgentEventResult>
{
    private string? _messageId;

    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = context.CallingAgent(agentId);
        if (agent.Type == AgentType.ApprovalOnly)
        {
            throw NodException.Forbidden($"agent {agentId} is approval-only: it cannot send chat messages");
        }

        await context.CheckTaskRunAsync(agentId, message.TaskRunId, isMessage: true).ConfigureAwait(false);
        var conversation = context.ConversationOf(agent, message.ConversationId);
        var posted = new Message
        {
            Id = context.Store.Messages.NewMessageId(),
            ConversationId = conversation.Id,
            AgentId = agentId,
            Sender = MessageSender.Agent,
            SenderName = agent.Name,
            Text = message.Text,
            ImageUrl = message.ImageDataUrl,
            ImageUrls = message.ImageDataUrl is null ? null : [message.ImageDataUrl],
            ReportTitle = message.ReportTitle,
            ReportDescription = message.ReportDescription,
            TaskRunId = message.TaskRunId,
            CreatedAt = context.Now,
        };
        _messageId = posted.Id;
        context.ClearIndicator(agentId, conversation.Id, IndicatorReason.Message);
        context.Changes.PutConversation(conversation with { LastMessageAt = context.Now });
        context.Changes.AddMessage(posted);
        context.AddActivity(agentId, ActivityType.AgentMessage, ActivityTitle(message), TextPreview.Of(message.Text), message.TaskRunId, messageId: posted.Id);
    }

    protected override AgentEventResult GetResult(CommandContext context) => new() { MessageId = _messageId };

    private static string ActivityTitle(MessageEvent message) =>
        message.ReportTitle is { } report ? $"Report: {report}"
        : message.TaskRunId is not null ? "Posted a task result"
        : message.Text is null ? "Sent an image"
        : "Sent a message";
}
