using Nod.Protocol;

namespace Nod.Storage;

/// <summary>
/// One committed entry of the event log: its strictly increasing <see cref="Seq"/>, who it is for, and its frame
/// serialized once as UTF-8 JSON (<see cref="Payload"/>), shared by every subscriber that receives it.
/// </summary>
public sealed class NodEvent
{
    private NodFrame? _frame;

    /// <summary>Creates a log entry.</summary>
    /// <param name="seq">The position in the log, given by the store at commit.</param>
    /// <param name="eventId">The event id (<c>evt_…</c>).</param>
    /// <param name="agentId">The agent the event belongs to.</param>
    /// <param name="audience">The agent itself, or people's apps.</param>
    /// <param name="type">The frame's wire <c>type</c>.</param>
    /// <param name="createdAt">When it happened (UTC).</param>
    /// <param name="payload">The whole frame as UTF-8 JSON, <c>seq</c> included.</param>
    /// <param name="frame">The frame object, when the caller still has it (saves a parse).</param>
    public NodEvent(
        long seq,
        string eventId,
        string agentId,
        EventAudience audience,
        string type,
        DateTimeOffset createdAt,
        ReadOnlyMemory<byte> payload,
        NodFrame? frame = null)
    {
        Seq = seq;
        EventId = eventId;
        AgentId = agentId;
        Audience = audience;
        Type = type;
        CreatedAt = createdAt;
        Payload = payload;
        _frame = frame;
    }

    /// <summary>The position in the log: strictly increasing, never reused.</summary>
    public long Seq { get; }

    /// <summary>The event id (<c>evt_…</c>), stable across redeliveries.</summary>
    public string EventId { get; }

    /// <summary>The agent the event belongs to.</summary>
    public string AgentId { get; }

    /// <summary>Who the event is for.</summary>
    public EventAudience Audience { get; }

    /// <summary>The wire <c>type</c>.</summary>
    public string Type { get; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The whole frame as UTF-8 JSON, <c>seq</c> included; written once, sent as is.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The frame as an object; parsed from <see cref="Payload"/> the first time it is needed.</summary>
    public NodFrame Frame => _frame ??= FrameReader.Read(Audience, Type, Payload.Span);
}
