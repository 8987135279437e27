using System.Text.Json.Serialization;
using Nod.Model;

namespace Nod.Protocol;

/// <summary><c>user_message</c>: a person wrote to the agent (PROTOCOL §4).</summary>
public sealed class UserMessageFrame : AgentFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "user_message";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The message id.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>The conversation.</summary>
    public string ConversationId { get; set; } = string.Empty;

    /// <summary>The text (for voice: the transcript).</summary>
    public string? Text { get; set; }

    /// <summary>The user's display name.</summary>
    public string SenderName { get; set; } = string.Empty;

    /// <summary>The first image, or <see langword="null"/>.</summary>
    public string? ImageUrl { get; set; }

    /// <summary>All images, or <see langword="null"/>.</summary>
    public IReadOnlyList<string>? ImageUrls { get; set; }

    /// <summary>The audio of a voice message, or <see langword="null"/>.</summary>
    public string? AudioUrl { get; set; }

    /// <summary>The message replied to, or <see langword="null"/>.</summary>
    public string? ReplyToId { get; set; }

    /// <summary>The text of the message replied to, or <see langword="null"/>.</summary>
    public string? ReplyToText { get; set; }

    /// <summary>Builds the frame for a user-authored message.</summary>
    /// <param name="message">The message.</param>
    public static UserMessageFrame From(Message message) => new()
    {
        MessageId = message.Id,
        ConversationId = message.ConversationId,
        Text = message.Text,
        SenderName = message.SenderName,
        ImageUrl = message.ImageUrl,
        ImageUrls = message.ImageUrls,
        AudioUrl = message.AudioUrl,
        ReplyToId = message.ReplyToId,
        ReplyToText = message.ReplyToText,
    };
}

/// <summary><c>decision_resolved</c> as the agent receives it (PROTOCOL §4).</summary>
public sealed class DecisionResolvedFrame : AgentFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "decision_resolved";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The decision.</summary>
    public string DecisionId { get; set; } = string.Empty;

    /// <summary>Its conversation, or <see langword="null"/>.</summary>
    public string? ConversationId { get; set; }

    /// <summary>How it was resolved.</summary>
    public DecisionStatus Status { get; set; }

    /// <summary>The note, chosen option or answer, or <see langword="null"/>.</summary>
    public string? Note { get; set; }

    /// <summary>Whether "Always Allow" was chosen (or a rule answered).</summary>
    public bool AlwaysAllow { get; set; }

    /// <summary>The always-allow pattern, or <see langword="null"/>.</summary>
    public string? AlwaysAllowPattern { get; set; }

    /// <summary>The decision's task run; only present when it had one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TaskRunId { get; set; }

    /// <summary>Display name of who resolved it, <c>rule</c>, or <see langword="null"/>.</summary>
    public string? ResolvedBy { get; set; }

    /// <summary>When it was resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Builds the frame for a resolved decision.</summary>
    /// <param name="decision">The decision, no longer pending.</param>
    public static DecisionResolvedFrame From(Decision decision) => new()
    {
        DecisionId = decision.Id,
        ConversationId = decision.ConversationId,
        Status = decision.Status,
        Note = decision.Note,
        AlwaysAllow = decision.AlwaysAllow,
        AlwaysAllowPattern = decision.AlwaysAllowPattern,
        TaskRunId = decision.TaskRunId,
        ResolvedBy = decision.ResolvedBy,
        ResolvedAt = decision.ResolvedAt,
    };
}
