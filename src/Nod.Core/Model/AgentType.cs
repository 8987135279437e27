using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>How an agent works with people (PROTOCOL §1, agent types).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentType>))]
public enum AgentType
{
    /// <summary>Full chat both ways, requests, activity and tasks. Wire name <c>interactive</c>.</summary>
    [JsonStringEnumMemberName("interactive")]
    Interactive = 0,

    /// <summary>Only requests and activity: no chat and no tasks. Wire name <c>approval_only</c>.</summary>
    [JsonStringEnumMemberName("approval_only")]
    ApprovalOnly = 1,
}
