using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>Where a decision stands (PROTOCOL §4). Every status but <see cref="Pending"/> is final.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecisionStatus>))]
public enum DecisionStatus
{
    /// <summary>Waiting for a person.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending = 0,

    /// <summary>Approved (approval, permission).</summary>
    [JsonStringEnumMemberName("approved")]
    Approved = 1,

    /// <summary>Rejected (approval, permission).</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected = 2,

    /// <summary>Answered (choice, question); the answer is the note.</summary>
    [JsonStringEnumMemberName("responded")]
    Responded = 3,

    /// <summary>Dismissed by a person without an answer.</summary>
    [JsonStringEnumMemberName("dismissed")]
    Dismissed = 4,

    /// <summary>Its <c>expires_in_s</c> ran out first.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired = 5,

    /// <summary>Cancelled by the agent.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled = 6,
}
