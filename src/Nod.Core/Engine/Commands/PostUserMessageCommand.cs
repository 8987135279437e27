using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>A person writes to an interactive agent: people see the message, the agent gets <c>user_message</c>.</summary>
internal sealed class PostUserMessageCommand(string userId, string userName, string conversationId, SendMessageRequest request)
    : EngineCommand<Message>
{
    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        var limits = context.Limits;
        var (conversation, agent) = context.VisibleConversation(conversationId, userId);
        if (agent.Type == AgentType.ApprovalOnly)
        {
            throw NodException.Forbidden($"agent {agent.Id} is approval-only: it does not take chat messages");
        }

        var text = Fields.Text(request.Text, "text", limits.MaxTextLength);
        if (request.ImageUrls is { Count: > 0 } && request.ImageUrls.Count > limits.MaxImageUrls)
        {
            throw NodException.Invalid($"image_urls has more than {limits.MaxImageUrls} entries");
        }

        IReadOnlyList<string>? images = request.ImageUrls is { Count: > 0 } urls
            ? [.. urls.Select((url, i) => Fields.MediaUrl(url, $"image_urls[{i}]", "image/", limits.MaxUrlLength, limits.MaxImageBytes))]
            : null;
        var audio = request.AudioUrl is null ? null : Fields.MediaUrl(request.AudioUrl, "audio_url", "audio/", limits.MaxUrlLength, limits.MaxImageBytes);
        if (string.IsNullOrWhiteSpace(text) && images is null && audio is null)
        {
            throw NodException.Invalid("text is required (or image_urls or audio_url)");
        }

        string? replyToText = null;
        if (Fields.Id(request.ReplyToId, "reply_to_id", limits.MaxIdLength) is { } replyToId)
        {
            var replied = await context.Store.Messages.GetAsync(replyToId).ConfigureAwait(false);
            if (replied is null || replied.ConversationId != conversation.Id)
            {
                throw NodException.NotFound($"reply_to_id {replyToId} was not found in conversation {conversation.Id}");
            }

            replyToText = replied.Text;
        }

        var message = new Message
        {
            Id = context.Store.Messages.NewMessageId(),
            ConversationId = conversation.Id,
            AgentId = agent.Id,
            Sender = MessageSender.User,
            SenderId = userId,
            SenderName = userName,
            Text = text,
            ImageUrl = images?[0],
            ImageUrls = images,
            AudioUrl = audio,
            ReplyToId = request.ReplyToId,
            ReplyToText = replyToText,
            CreatedAt = context.Now,
        };
        context.Changes.PutConversation(conversation with { LastMessageAt = context.Now });
        context.Changes.AddMessage(message);
        context.Emit(UserMessageFrame.From(message), agent.Id);
    }

    protected override Message GetResult(CommandContext context) => context.Changes.Messages[0];
}
