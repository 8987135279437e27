using LiteDB;
using Nod.Model;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>Maps <see cref="Rule"/> to and from its document (id: the rule id; indexed by agent).</summary>
internal static class RuleDocument
{
    public const string Agent = "agent";

    public static BsonDocument From(Rule rule) => new()
    {
        ["_id"] = rule.Id,
        [Agent] = rule.AgentId,
        ["pattern"] = rule.Pattern,
        ["effect"] = (int)rule.Effect,
        ["by"] = rule.CreatedBy,
        ["at"] = Bson.Time(rule.CreatedAt),
    };

    public static Rule To(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        AgentId = doc[Agent].AsString,
        Pattern = Bson.ReadRequiredText(doc["pattern"]),
        Effect = (RuleEffect)doc["effect"].AsInt32,
        CreatedBy = Bson.ReadRequiredText(doc["by"]),
        CreatedAt = Bson.ReadTime(doc["at"]),
    };
}
