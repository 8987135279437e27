using System.Text.Json;
using System.Text.Json.Serialization;
using Nod.Model;

namespace Nod.Protocol;

/// <summary>
/// An event an agent sends (PROTOCOL §3), as <c>POST /api/agent/events</c> or a WebSocket frame. Produce instances
/// with <see cref="AgentEventParser"/> or build them in code; either way <see cref="AgentEventValidator"/> checks every
/// field before the engine sees it.
/// </summary>
public abstract class AgentEvent
{
    /// <summary>The wire <c>type</c>.</summary>
    [JsonPropertyOrder(-10)]
    public abstract string Type { get; }

    /// <summary>WebSocket only: a client string echoed in the <c>ack</c> or <c>error</c> reply.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ref { get; set; }
}

/// <summary><c>message</c>: a chat message to people.</summary>
public sealed class MessageEvent : AgentEvent
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "message";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>Markdown text; optional when <see cref="ImageBase64"/> is given.</summary>
    public string? Text { get; set; }

    /// <summary>The conversation, or <see langword="null"/> for the default one.</summary>
    public string? ConversationId { get; set; }

    /// <summary>An image, raw base64 or a <c>data:image/…;base64,</c> URL (at most 5 MB decoded).</summary>
    public string? ImageBase64 { get; set; }

    /// <summary>The image as a checked <c>data:</c> URL; set by validation.</summary>
    [JsonIgnore]
    public string? ImageDataUrl { get; set; }

    /// <summary>Shows the message as a report card with this title.</summary>
    public string? ReportTitle { get; set; }

    /// <summary>The report card's description.</summary>
    public string? ReportDescription { get; set; }

    /// <summary>Shows the message as the result of this task run.</summary>
    public string? TaskRunId { get; set; }
}

/// <summary><c>decision</c>: a request to people.</summary>
public sealed class DecisionEvent : AgentEvent
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "decision";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>Short title.</summary>
    public string? Title { get; set; }

    /// <summary>Markdown description.</summary>
    public string? Description { get; set; }

    /// <summary><c>approval</c>, <c>choice</c>, <c>question</c> or <c>permission</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>Choices (required, non-empty, for <c>choice</c>).</summary>
    public List<string>? Options { get; set; }

    /// <summary>The conversation it also shows in, or <see langword="null"/> for the requests inbox only.</summary>
    public string? ConversationId { get; set; }

    /// <summary>The task run it belongs to.</summary>
    public string? TaskRunId { get; set; }

    /// <summary>Offer "Always Allow" (permission).</summary>
    public bool? AllowsAlways { get; set; }

    /// <summary>The "Always Allow" button label.</summary>
    public string? AlwaysAllowLabel { get; set; }

    /// <summary>Patterns offered for "Always Allow".</summary>
    public List<AlwaysAllowOption>? AlwaysAllowOptions { get; set; }

    /// <summary>The exact subject a permission is for; matched by always-allow rules.</summary>
    public string? Permission { get; set; }

    /// <summary>Seconds until the request expires; never when absent.</summary>
    public double? ExpiresInS { get; set; }

    /// <summary>The parsed <see cref="Kind"/>; set by validation.</summary>
    [JsonIgnore]
    public DecisionKind ParsedKind { get; set; }
}

/// <summary><c>alert</c>: an activity entry ("agent_action"); also replaces the text of an active "Thinking…" bubble.</summary>
public sealed class AlertEvent : AgentEvent
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "alert";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>One-line title.</summary>
    public string? Title { get; set; }

    /// <summary>Detail text.</summary>
    public string? Text { get; set; }

    /// <summary>The task run it belongs to.</summary>
    public string? TaskRunId { get; set; }
}

/// <summary>
/// The four processing-indicator events: <c>processing_start</c>, <c>processing_stop</c>, <c>agent_heartbeat</c>
/// and <c>agent_idle</c>.
/// </summary>
public sealed class ProcessingEvent : AgentEvent
{
    /// <summary>Turns the indicator on; it clears itself 30 s after the last start or heartbeat.</summary>
    public const string StartTypeName = "processing_start";

    /// <summary>Clears the indicator.</summary>
    public const string StopTypeName = "processing_stop";

    /// <summary>Turns the indicator on or keeps it on; it clears itself 5 s after the last heartbeat.</summary>
    public const string HeartbeatTypeName = "agent_heartbeat";

    /// <summary>Clears the indicator.</summary>
    public const string IdleTypeName = "agent_idle";

    /// <summary>Which of the four events this is; the parser sets it from <c>type</c>.</summary>
    [JsonIgnore]
    public ProcessingSignal Signal { get; set; }

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => Signal switch
    {
        ProcessingSignal.Start => StartTypeName,
        ProcessingSignal.Stop => StopTypeName,
        ProcessingSignal.Heartbeat => HeartbeatTypeName,
        _ => IdleTypeName,
    };

    /// <summary>The conversation, or <see langword="null"/> for the default one.</summary>
    public string? ConversationId { get; set; }

    /// <summary>The bubble text (start and heartbeat).</summary>
    public string? StatusText { get; set; }
}

/// <summary>The four processing-indicator signals.</summary>
public enum ProcessingSignal
{
    /// <summary><c>processing_start</c>.</summary>
    Start,

    /// <summary><c>processing_stop</c>.</summary>
    Stop,

    /// <summary><c>agent_heartbeat</c>.</summary>
    Heartbeat,

    /// <summary><c>agent_idle</c>.</summary>
    Idle,
}

/// <summary><c>status</c>: a system activity entry such as <c>started</c> or <c>stopped</c>.</summary>
public sealed class StatusEvent : AgentEvent
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "status";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>What happened, e.g. <c>started</c>.</summary>
    public string? Action { get; set; }

    /// <summary>Details: text, or any JSON value (kept as its JSON text).</summary>
    public JsonElement? Details { get; set; }

    /// <summary>The details as text; set by validation.</summary>
    [JsonIgnore]
    public string? DetailsText { get; set; }
}

/// <summary><c>task_proposal</c>: the agent proposes a task; people see an approval card, and approving creates it.</summary>
public sealed class TaskProposalEvent : AgentEvent
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "task_proposal";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The approval card's title.</summary>
    public string? Title { get; set; }

    /// <summary>The task's name.</summary>
    public string? TaskName { get; set; }

    /// <summary>The task's prompt.</summary>
    public string? TaskPrompt { get; set; }

    /// <summary>A 5-field cron expression, <c>once</c> (with <see cref="TaskRunAt"/>) or <c>event</c>.</summary>
    public string? TaskSchedule { get; set; }

    /// <summary>For <c>once</c>: when to run.</summary>
    public DateTimeOffset? TaskRunAt { get; set; }

    /// <summary>For cron schedules: an IANA time zone (default UTC).</summary>
    public string? TaskTimezone { get; set; }
}

/// <summary><c>ping</c> (WebSocket only): the server answers <c>pong</c>.</summary>
public sealed class PingEvent : AgentEvent
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "ping";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;
}

/// <summary>The first WebSocket frame of an agent: <c>{"type":"auth","secret":"nod_…"}</c> (PROTOCOL §2, §4 resume).</summary>
public sealed class AuthEvent : AgentEvent
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "auth";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>The agent secret.</summary>
    public string? Secret { get; set; }

    /// <summary>If present, must equal the agent id in the path.</summary>
    public string? AgentId { get; set; }

    /// <summary>Replay every update with a larger <c>seq</c> first, then continue live.</summary>
    public long? After { get; set; }
}
