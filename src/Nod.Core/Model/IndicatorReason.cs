using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>Why a processing indicator went off (PROTOCOL §3, processing indicator).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IndicatorReason>))]
public enum IndicatorReason
{
    /// <summary><c>processing_stop</c> or <c>agent_idle</c>.</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped = 0,

    /// <summary>No start or heartbeat within its expiry.</summary>
    [JsonStringEnumMemberName("timeout")]
    Timeout = 1,

    /// <summary>The agent posted a message to the conversation.</summary>
    [JsonStringEnumMemberName("message")]
    Message = 2,

    /// <summary>The agent's last connection closed.</summary>
    [JsonStringEnumMemberName("disconnected")]
    Disconnected = 3,
}
