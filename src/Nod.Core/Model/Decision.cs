using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>A request put to people, and how it ended (PROTOCOL §7, Decision shape).</summary>
public sealed record Decision
{
    /// <summary>The decision id, <c>dec_</c> + 16 hex.</summary>
    public required string Id { get; init; }

    /// <summary>The agent that asked.</summary>
    public required string AgentId { get; init; }

    /// <summary>The conversation it shows in, or <see langword="null"/> (requests inbox only).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The task run it belongs to, or <see langword="null"/>; echoed in the resolution.</summary>
    public string? TaskRunId { get; init; }

    /// <summary>Approval, choice, question or permission.</summary>
    public DecisionKind Kind { get; init; }

    /// <summary>Short title.</summary>
    public required string Title { get; init; }

    /// <summary>Markdown description.</summary>
    public required string Description { get; init; }

    /// <summary>The options of a choice, or <see langword="null"/>.</summary>
    public IReadOnlyList<string>? Options { get; init; }

    /// <summary>Whether a permission request offers "Always Allow".</summary>
    public bool AllowsAlways { get; init; }

    /// <summary>The label of the "Always Allow" button, or <see langword="null"/>.</summary>
    public string? AlwaysAllowLabel { get; init; }

    /// <summary>Patterns offered for "Always Allow", or <see langword="null"/>.</summary>
    public IReadOnlyList<AlwaysAllowOption>? AlwaysAllowOptions { get; init; }

    /// <summary>The exact subject of a permission request (e.g. <c>Bash(npm install stripe)</c>), or <see langword="null"/>.</summary>
    public string? Permission { get; init; }

    /// <summary><see cref="DecisionStatus.Pending"/>, or how it was resolved.</summary>
    public DecisionStatus Status { get; init; }

    /// <summary>The note, chosen option, typed answer, or <see langword="null"/>.</summary>
    public string? Note { get; init; }

    /// <summary>Whether it was approved with "Always Allow" (by a person or by a rule).</summary>
    public bool AlwaysAllow { get; init; }

    /// <summary>The always-allow pattern, or <see langword="null"/>.</summary>
    public string? AlwaysAllowPattern { get; init; }

    /// <summary>Display name of who resolved it, <c>rule</c> for a rule, or <see langword="null"/> for expiry and cancellation.</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>When it was resolved, or <see langword="null"/> while pending.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>When it expires, or <see langword="null"/> if it never does.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When it was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The user id of who resolved it, or <see langword="null"/>. Not on the wire.</summary>
    [JsonIgnore]
    public string? ResolvedByUserId { get; init; }

    /// <summary>The <c>seq</c> of the event that created it; orders and pages request lists. Not on the wire.</summary>
    [JsonIgnore]
    public long Seq { get; init; }

    /// <summary>
    /// Optimistic-concurrency version: 1 when created, +1 on every write. A store refuses a write whose expected
    /// version is not the stored one, so two resolutions can never both commit. Not on the wire.
    /// </summary>
    [JsonIgnore]
    public int Version { get; init; }

    /// <summary>For a <c>task_proposal</c>: the proposed task. Not on the wire.</summary>
    [JsonIgnore]
    public TaskProposal? TaskProposal { get; init; }

    /// <summary>Whether the decision still waits for an answer.</summary>
    [JsonIgnore]
    public bool IsPending => Status == DecisionStatus.Pending;
}
