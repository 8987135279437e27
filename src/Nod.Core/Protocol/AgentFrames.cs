using System.Text.Json.Serialization;
using Nod.Model;

namespace Nod.Protocol;

/// <summary><c>user_message</c>: a person wrote to the agent (PROTOCOL §4).</summary>
public sealed record UserMessageFrame : AgentFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "user_message";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The message id.</summary>
    public string MessageId { get; init; } = string.Empty;

    /// <summary>The conversation.</summary>
    public string ConversationId { get; init; } = string.Empty;

    /// <summary>The text (for voice: the transcript).</summary>
    public string? Text { get; init; }

    /// <summary>The user's display name.</summary>
    public string SenderName { get; init; } = string.Empty;

    /// <summary>The first image, or <see langword="null"/>.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>All images, or <see langword="null"/>.</summary>
    public IReadOnlyList<string>? ImageUrls { get; init; }

    /// <summary>The audio of a voice message, or <see langword="null"/>.</summary>
    public string? AudioUrl { get; init; }

    /// <summary>The message replied to, or <see langword="null"/>.</summary>
    public string? ReplyToId { get; init; }

    /// <summary>The text of the message replied to, or <see langword="null"/>.</summary>
    public string? ReplyToText { get; init; }

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
public sealed record DecisionResolvedFrame : AgentFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "decision_resolved";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The decision.</summary>
    public string DecisionId { get; init; } = string.Empty;

    /// <summary>Its conversation, or <see langword="null"/>.</summary>
    public string? ConversationId { get; init; }

    /// <summary>How it was resolved.</summary>
    public DecisionStatus Status { get; init; }

    /// <summary>The note, chosen option or answer, or <see langword="null"/>.</summary>
    public string? Note { get; init; }

    /// <summary>Whether "Always Allow" was chosen (or a rule answered).</summary>
    public bool AlwaysAllow { get; init; }

    /// <summary>The always-allow pattern, or <see langword="null"/>.</summary>
    public string? AlwaysAllowPattern { get; init; }

    /// <summary>The decision's task run; only present when it had one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TaskRunId { get; init; }

    /// <summary>Display name of who resolved it, <c>rule</c>, or <see langword="null"/>.</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>When it was resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

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
