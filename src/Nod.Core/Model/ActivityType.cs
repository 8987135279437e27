using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>The five kinds of activity feed entry (seed page "Activity", event types).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActivityType>))]
public enum ActivityType
{
    /// <summary>A new request was created.</summary>
    [JsonStringEnumMemberName("decision_created")]
    DecisionCreated = 0,

    /// <summary>A request was approved, rejected, answered, dismissed, cancelled or expired.</summary>
    [JsonStringEnumMemberName("decision_resolved")]
    DecisionResolved = 1,

    /// <summary>The agent sent a message.</summary>
    [JsonStringEnumMemberName("agent_message")]
    AgentMessage = 2,

    /// <summary>The agent did something (an <c>alert</c>).</summary>
    [JsonStringEnumMemberName("agent_action")]
    AgentAction = 3,

    /// <summary>A system event: a <c>status</c> event, the agent connecting or disconnecting.</summary>
    [JsonStringEnumMemberName("system")]
    System = 4,
}
