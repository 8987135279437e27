using System.Globalization;
using LiteDB;
using Nod.Model;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Maps <see cref="TaskRun"/> to and from its document (id: the run id). <see cref="TaskKey"/> (task, start, id) pages a
/// task's runs newest first as an index range; <see cref="Running"/> finds the open runs at start-up.
/// </summary>
internal static class RunDocument
{
    public const string Agent = "agent";
    public const string Task = "task";
    public const string TaskKey = "tk";
    public const string Running = "running";

    /// <summary>The key that orders a task's runs by start time, then id.</summary>
    public static string KeyOf(string taskId, DateTimeOffset startedAt, string runId) =>
        SortKeys.Of(taskId, startedAt.UtcTicks) + "\u001f" + runId;

    public static BsonDocument From(TaskRun run) => new()
    {
        ["_id"] = run.Id,
        [Task] = run.TaskId,
        [Agent] = run.AgentId,
        ["status"] = (int)run.Status,
        ["result"] = Bson.Text(run.Result),
        ["error"] = Bson.Text(run.Error),
        ["trigEvt"] = Bson.Text(run.TriggerEventId),
        ["started"] = Bson.Time(run.StartedAt),
        ["done"] = Bson.Time(run.CompletedAt),
        ["evt"] = Bson.Text(run.EventId),
        ["delivered"] = run.Delivered,
        ["timeout"] = Bson.Time(run.TimeoutAt),
        ["hasMsg"] = run.HasMessage,
        ["payload"] = Bson.Text(run.TriggerPayload),
        [TaskKey] = KeyOf(run.TaskId, run.StartedAt, run.Id),
        [Running] = run.IsRunning,
    };

    public static TaskRun To(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        TaskId = doc[Task].AsString,
        AgentId = doc[Agent].AsString,
        Status = (TaskRunStatus)doc["status"].AsInt32,
        Result = Bson.ReadText(doc["result"]),
        Error = Bson.ReadText(doc["error"]),
        TriggerEventId = Bson.ReadText(doc["trigEvt"]),
        StartedAt = Bson.ReadTime(doc["started"]),
        CompletedAt = Bson.ReadOptionalTime(doc["done"]),
        EventId = Bson.ReadText(doc["evt"]),
        Delivered = doc["delivered"].AsBoolean,
        TimeoutAt = Bson.ReadOptionalTime(doc["timeout"]),
        HasMessage = doc["hasMsg"].AsBoolean,
        TriggerPayload = Bson.ReadText(doc["payload"]),
    };

    /// <summary>The widest key range of one task.</summary>
    public static (string Low, string High) RangeOf(string taskId) =>
        (SortKeys.First(taskId), SortKeys.Last(taskId) + "\u001f" + char.MaxValue.ToString(CultureInfo.InvariantCulture));
}
