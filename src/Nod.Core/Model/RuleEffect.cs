using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>What an always-allow rule does to a matching permission request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleEffect>))]
public enum RuleEffect
{
    /// <summary>Approve at once. Wire name <c>allow</c>.</summary>
    [JsonStringEnumMemberName("allow")]
    Allow = 0,

    /// <summary>Reject at once; a deny rule wins over every allow rule. Wire name <c>deny</c>.</summary>
    [JsonStringEnumMemberName("deny")]
    Deny = 1,
}
