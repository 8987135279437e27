using LiteDB;
using Nod.Model;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Maps <see cref="Decision"/> to and from its document (id: the decision id). <see cref="AgentKey"/> (agent, seq)
/// pages one agent's requests, <see cref="Seq"/> pages across many agents, <see cref="Pending"/> finds what still waits.
/// </summary>
internal static class DecisionDocument
{
    public const string AgentKey = "ak";
    public const string Seq = "seq";
    public const string Pending = "pending";
    public const string Version = "v";

    public static BsonDocument From(Decision decision) => new()
    {
        ["_id"] = decision.Id,
        ["agent"] = decision.AgentId,
        ["conv"] = Bson.Text(decision.ConversationId),
        ["run"] = Bson.Text(decision.TaskRunId),
        ["kind"] = (int)decision.Kind,
        ["title"] = decision.Title,
        ["desc"] = decision.Description,
        ["opts"] = Bson.List(decision.Options),
        ["aa"] = decision.AllowsAlways,
        ["aalabel"] = Bson.Text(decision.AlwaysAllowLabel),
        ["aaopts"] = AlwaysAllowOptions(decision.AlwaysAllowOptions),
        ["perm"] = Bson.Text(decision.Permission),
        ["status"] = (int)decision.Status,
        ["note"] = Bson.Text(decision.Note),
        ["always"] = decision.AlwaysAllow,
        ["pattern"] = Bson.Text(decision.AlwaysAllowPattern),
        ["by"] = Bson.Text(decision.ResolvedBy),
        ["byid"] = Bson.Text(decision.ResolvedByUserId),
        ["rat"] = Bson.Time(decision.ResolvedAt),
        ["exp"] = Bson.Time(decision.ExpiresAt),
        ["at"] = Bson.Time(decision.CreatedAt),
        [Seq] = decision.Seq,
        [Version] = decision.Version,
        ["task"] = Task(decision.TaskProposal),
        [Pending] = decision.IsPending,
        [AgentKey] = SortKeys.Of(decision.AgentId, decision.Seq),
    };

    public static Decision To(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        AgentId = doc["agent"].AsString,
        ConversationId = Bson.ReadText(doc["conv"]),
        TaskRunId = Bson.ReadText(doc["run"]),
        Kind = (DecisionKind)doc["kind"].AsInt32,
        Title = Bson.ReadRequiredText(doc["title"]),
        Description = Bson.ReadRequiredText(doc["desc"]),
        Options = Bson.ReadList(doc["opts"]),
        AllowsAlways = doc["aa"].AsBoolean,
        AlwaysAllowLabel = Bson.ReadText(doc["aalabel"]),
        AlwaysAllowOptions = ReadAlwaysAllowOptions(doc["aaopts"]),
        Permission = Bson.ReadText(doc["perm"]),
        Status = (DecisionStatus)doc["status"].AsInt32,
        Note = Bson.ReadText(doc["note"]),
        AlwaysAllow = doc["always"].AsBoolean,
        AlwaysAllowPattern = Bson.ReadText(doc["pattern"]),
        ResolvedBy = Bson.ReadText(doc["by"]),
        ResolvedByUserId = Bson.ReadText(doc["byid"]),
        ResolvedAt = Bson.ReadOptionalTime(doc["rat"]),
        ExpiresAt = Bson.ReadOptionalTime(doc["exp"]),
        CreatedAt = Bson.ReadTime(doc["at"]),
        Seq = doc[Seq].AsInt64,
        Version = doc[Version].AsInt32,
        TaskProposal = ReadTask(doc["task"]),
    };

    /// <summary>The stored version of a decision document, or 0 when there is none.</summary>
    public static int VersionOf(BsonDocument? doc) => doc is null ? 0 : doc[Version].AsInt32;

    private static BsonValue AlwaysAllowOptions(IReadOnlyList<AlwaysAllowOption>? options)
    {
        if (options is null)
        {
            return BsonValue.Null;
        }

        var array = new BsonArray();
        foreach (var option in options)
        {
            array.Add(new BsonDocument { ["p"] = option.Pattern, ["l"] = option.Label });
        }

        return array;
    }

    private static AlwaysAllowOption[]? ReadAlwaysAllowOptions(BsonValue value)
    {
        if (value.IsNull)
        {
            return null;
        }

        var array = value.AsArray;
        var options = new AlwaysAllowOption[array.Count];
        for (var i = 0; i < options.Length; i++)
        {
            var option = array[i].AsDocument;
            options[i] = new AlwaysAllowOption(Bson.ReadRequiredText(option["p"]), Bson.ReadRequiredText(option["l"]));
        }

        return options;
    }

    private static BsonValue Task(TaskProposal? task) => task is null
        ? BsonValue.Null
        : new BsonDocument
        {
            ["name"] = task.Name,
            ["prompt"] = task.Prompt,
            ["sched"] = task.Schedule,
            ["runat"] = Bson.Time(task.RunAt),
            ["tz"] = Bson.Text(task.Timezone),
        };

    private static TaskProposal? ReadTask(BsonValue value)
    {
        if (value.IsNull)
        {
            return null;
        }

        var task = value.AsDocument;
        return new TaskProposal
        {
            Name = Bson.ReadRequiredText(task["name"]),
            Prompt = Bson.ReadRequiredText(task["prompt"]),
            Schedule = Bson.ReadRequiredText(task["sched"]),
            RunAt = Bson.ReadOptionalTime(task["runat"]),
            Timezone = Bson.ReadText(task["tz"]),
        };
    }
}
