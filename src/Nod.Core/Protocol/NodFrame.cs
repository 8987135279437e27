using System.Text.Json.Serialization;

namespace Nod.Protocol;

/// <summary>
/// An event frame as subscribers receive it: every frame has a <c>type</c> and the strictly increasing <c>seq</c>
/// the store gave it at commit.
/// </summary>
public abstract record NodFrame
{
    /// <summary>The wire <c>type</c>.</summary>
    [JsonPropertyOrder(-10)]
    public abstract string Type { get; }

    /// <summary>The event's position in the log.</summary>
    [JsonPropertyOrder(-9)]
    public long Seq { get; init; }
}

/// <summary>A frame addressed to an agent (PROTOCOL §4): it also carries a stable <c>event_id</c> to dedupe on.</summary>
public abstract record AgentFrame : NodFrame
{
    /// <summary>The event id (<c>evt_…</c>), the same on every redelivery.</summary>
    [JsonPropertyOrder(-8)]
    public string EventId { get; init; } = string.Empty;
}

/// <summary>A frame for people's apps (PROTOCOL §7, live stream).</summary>
public abstract record AppFrame : NodFrame;
