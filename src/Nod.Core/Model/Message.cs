using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>
/// A chat message, in either direction (PROTOCOL §7, Message shape). Render hints: <see cref="ReportTitle"/> makes it a
/// report card, <see cref="TaskRunId"/> a task-result bubble, <see cref="ImageUrl"/> an image.
/// </summary>
public sealed record Message
{
    /// <summary>The message id, <c>msg_</c> + 16 hex.</summary>
    public required string Id { get; init; }

    /// <summary>The <c>seq</c> of the event that created it; orders history and pages it (<c>before</c>).</summary>
    public long Seq { get; init; }

    /// <summary>The conversation.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The agent of the conversation.</summary>
    public required string AgentId { get; init; }

    /// <summary>Agent or user.</summary>
    public MessageSender Sender { get; init; }

    /// <summary>The user id of a user-authored message; <see langword="null"/> for agent messages. Not on the wire.</summary>
    [JsonIgnore]
    public string? SenderId { get; init; }

    /// <summary>The agent's name or the user's display name.</summary>
    public required string SenderName { get; init; }

    /// <summary>Markdown text (for voice: the transcript), or <see langword="null"/>.</summary>
    public string? Text { get; init; }

    /// <summary>The first image, or <see langword="null"/>. Agent images are <c>data:</c> URLs.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>All images, or <see langword="null"/>.</summary>
    public IReadOnlyList<string>? ImageUrls { get; init; }

    /// <summary>A voice message's audio, or <see langword="null"/>.</summary>
    public string? AudioUrl { get; init; }

    /// <summary>The message this one replies to, or <see langword="null"/>.</summary>
    public string? ReplyToId { get; init; }

    /// <summary>The text of the message replied to, or <see langword="null"/>.</summary>
    public string? ReplyToText { get; init; }

    /// <summary>Report card title, or <see langword="null"/>.</summary>
    public string? ReportTitle { get; init; }

    /// <summary>Report card description, or <see langword="null"/>.</summary>
    public string? ReportDescription { get; init; }

    /// <summary>The task run this message reports on, or <see langword="null"/>.</summary>
    public string? TaskRunId { get; init; }

    /// <summary>When it was posted (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
