using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>Who wrote a message.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageSender>))]
public enum MessageSender
{
    /// <summary>The agent. Wire name <c>agent</c>.</summary>
    [JsonStringEnumMemberName("agent")]
    Agent = 0,

    /// <summary>A person. Wire name <c>user</c>.</summary>
    [JsonStringEnumMemberName("user")]
    User = 1,
}
