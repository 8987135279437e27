using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>
/// The outbox entry of one agent-bound event sent to the agent's webhook URL (PROTOCOL §6; §7 Delivery shape). It is
/// written in the same commit as the event, so there is never an event without its delivery or the other way round.
/// </summary>
public sealed record WebhookDelivery
{
    /// <summary>The event (<c>evt_…</c>): the same on every attempt and redelivery; receivers dedupe on it.</summary>
    public required string EventId { get; init; }

    /// <summary>The agent. Not on the wire.</summary>
    /// <remarks>Not <c>required</c>: System.Text.Json refuses a required property that is also ignored (no setter to bind).</remarks>
    [JsonIgnore]
    public string AgentId { get; init; } = string.Empty;

    /// <summary>The event type (<c>user_message</c>, <c>decision_resolved</c>, <c>task_due</c>).</summary>
    public required string Type { get; init; }

    /// <summary>Pending, delivered or failed.</summary>
    public DeliveryStatus Status { get; init; }

    /// <summary>How many attempts were made, over every series.</summary>
    public int Attempts { get; init; }

    /// <summary>The HTTP status of the last attempt, or <see langword="null"/> (none yet, timeout, connection error).</summary>
    public int? LastStatusCode { get; init; }

    /// <summary>What went wrong last, or <see langword="null"/>.</summary>
    public string? LastError { get; init; }

    /// <summary>When the next attempt is due, or <see langword="null"/> once delivered or failed.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the event was produced (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a receiver accepted it, or <see langword="null"/>.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>The retry number of the next attempt within the current series (0 = first). Not on the wire.</summary>
    [JsonIgnore]
    public int RetryNum { get; init; }

    /// <summary>Why the next attempt happens: <c>first_attempt</c>, <c>timeout</c>, <c>connection_error</c>, <c>http_&lt;status&gt;</c> or <c>redelivery</c>. Not on the wire.</summary>
    [JsonIgnore]
    public string RetryReason { get; init; } = "first_attempt";

    /// <summary>The exact event JSON that is POSTed (the log payload, <c>seq</c> included). Not on the wire.</summary>
    [JsonIgnore]
    public byte[] Payload { get; init; } = [];

    /// <summary>The event's <c>seq</c> (orders the list). Not on the wire.</summary>
    [JsonIgnore]
    public long Seq { get; init; }
}
