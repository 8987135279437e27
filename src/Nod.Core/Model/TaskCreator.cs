using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>Who created a task.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskCreator>))]
public enum TaskCreator
{
    /// <summary>A person.</summary>
    [JsonStringEnumMemberName("user")]
    User = 0,

    /// <summary>The agent itself (directly, or through an approved proposal).</summary>
    [JsonStringEnumMemberName("agent")]
    Agent = 1,
}
