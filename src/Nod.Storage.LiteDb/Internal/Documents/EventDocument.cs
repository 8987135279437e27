using LiteDB;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Maps <see cref="NodEvent"/> to and from its document. The id is the <c>seq</c>; the payload is kept as BSON binary,
/// byte for byte; <see cref="AudienceAgentKey"/> (audience, agent, seq) reads one agent's stream.
/// </summary>
internal static class EventDocument
{
    public const string AudienceAgentKey = "ek";

    public static BsonDocument From(NodEvent e) => new()
    {
        ["_id"] = e.Seq,
        ["eid"] = e.EventId,
        ["agent"] = e.AgentId,
        ["aud"] = (int)e.Audience,
        ["type"] = e.Type,
        ["at"] = Bson.Time(e.CreatedAt),
        ["p"] = e.Payload.ToArray(),
        [AudienceAgentKey] = SortKeys.Of(e.Audience, e.AgentId, e.Seq),
    };

    public static NodEvent To(BsonDocument doc) => new(
        doc["_id"].AsInt64,
        doc["eid"].AsString,
        doc["agent"].AsString,
        (EventAudience)doc["aud"].AsInt32,
        doc["type"].AsString,
        Bson.ReadTime(doc["at"]),
        doc["p"].AsBinary);
}
