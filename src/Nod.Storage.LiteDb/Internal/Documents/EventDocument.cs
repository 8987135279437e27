using LiteDB;
using Nod.Protocol;

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

    public static NodEvent To(BsonDocument doc)
    {
        var e = new NodEvent(
            doc["_id"].AsInt64,
            doc["eid"].AsString,
            doc["agent"].AsString,
            (EventAudience)doc["aud"].AsInt32,
            doc["type"].AsString,
            Bson.ReadTime(doc["at"]),
            doc["p"].AsBinary);

        // A decision's seq is not on the wire, so the frame parsed from the payload lacks it: it is the event's own seq
        // (the seq a new decision takes), as on the frame the engine published.
        if (e.Type == DecisionCreatedFrame.TypeName && e.Frame is DecisionCreatedFrame created)
        {
            var frame = created with { Decision = created.Decision with { Seq = e.Seq } };
            return new NodEvent(e.Seq, e.EventId, e.AgentId, e.Audience, e.Type, e.CreatedAt, e.Payload, frame);
        }

        return e;
    }
}
