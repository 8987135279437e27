using LiteDB;
using Nod.Model;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>Maps <see cref="TaskRecord"/> to and from its document (id: the task id; indexed by agent for the deletion cascade).</summary>
internal static class TaskDocument
{
    public const string Agent = "agent";

    public static BsonDocument From(TaskRecord task) => new()
    {
        ["_id"] = task.Id,
        [Agent] = task.AgentId,
        ["name"] = task.Name,
        ["prompt"] = task.Prompt,
        ["schedule"] = task.Schedule,
        ["type"] = (int)task.TriggerType,
        ["enabled"] = task.Enabled,
        ["tz"] = Bson.Text(task.Timezone),
        ["runAt"] = Bson.Time(task.RunAt),
        ["next"] = Bson.Time(task.NextRunAt),
        ["trigger"] = Bson.Text(task.TriggerId),
        ["by"] = (int)task.CreatedBy,
        ["at"] = Bson.Time(task.CreatedAt),
    };

    public static TaskRecord To(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        AgentId = doc[Agent].AsString,
        Name = Bson.ReadRequiredText(doc["name"]),
        Prompt = Bson.ReadRequiredText(doc["prompt"]),
        Schedule = Bson.ReadRequiredText(doc["schedule"]),
        TriggerType = (TaskTriggerType)doc["type"].AsInt32,
        Enabled = doc["enabled"].AsBoolean,
        Timezone = Bson.ReadText(doc["tz"]),
        RunAt = Bson.ReadOptionalTime(doc["runAt"]),
        NextRunAt = Bson.ReadOptionalTime(doc["next"]),
        TriggerId = Bson.ReadText(doc["trigger"]),
        CreatedBy = (TaskCreator)doc["by"].AsInt32,
        CreatedAt = Bson.ReadTime(doc["at"]),
    };
}
