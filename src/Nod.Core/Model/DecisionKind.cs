using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>The four kinds of request an agent can put to a person (PROTOCOL §3, <c>decision</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecisionKind>))]
public enum DecisionKind
{
    /// <summary>Yes or no, with an optional note. Resolved <c>approved</c> or <c>rejected</c>.</summary>
    [JsonStringEnumMemberName("approval")]
    Approval = 0,

    /// <summary>One of the options, or free text ("Other…"). Resolved <c>responded</c>.</summary>
    [JsonStringEnumMemberName("choice")]
    Choice = 1,

    /// <summary>A free-text answer. Resolved <c>responded</c>.</summary>
    [JsonStringEnumMemberName("question")]
    Question = 2,

    /// <summary>Allow, always allow (with a pattern), or deny. Resolved <c>approved</c> or <c>rejected</c>.</summary>
    [JsonStringEnumMemberName("permission")]
    Permission = 3,
}
