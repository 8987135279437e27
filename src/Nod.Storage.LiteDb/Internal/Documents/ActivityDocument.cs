using LiteDB;
using Nod.Model;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Maps <see cref="ActivityEntry"/> to and from its document. The id is the entry's <c>seq</c> (unique: each entry is
/// announced by its own event); <see cref="AgentKey"/> (agent, seq) pages one agent's feed.
/// </summary>
internal static class ActivityDocument
{
    public const string AgentKey = "ak";

    public static BsonDocument From(ActivityEntry entry) => new()
    {
        ["_id"] = entry.Seq,
        ["id"] = entry.Id,
        ["agent"] = entry.AgentId,
        ["type"] = (int)entry.Type,
        ["title"] = entry.Title,
        ["text"] = Bson.Text(entry.Text),
        ["run"] = Bson.Text(entry.TaskRunId),
        ["dec"] = Bson.Text(entry.DecisionId),
        ["msg"] = Bson.Text(entry.MessageId),
        ["at"] = Bson.Time(entry.CreatedAt),
        [AgentKey] = SortKeys.Of(entry.AgentId, entry.Seq),
    };

    public static ActivityEntry To(BsonDocument doc) => new()
    {
        Id = doc["id"].AsString,
        Seq = doc["_id"].AsInt64,
        AgentId = doc["agent"].AsString,
        Type = (ActivityType)doc["type"].AsInt32,
        Title = Bson.ReadRequiredText(doc["title"]),
        Text = Bson.ReadText(doc["text"]),
        TaskRunId = Bson.ReadText(doc["run"]),
        DecisionId = Bson.ReadText(doc["dec"]),
        MessageId = Bson.ReadText(doc["msg"]),
        CreatedAt = Bson.ReadTime(doc["at"]),
    };
}
