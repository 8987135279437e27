using LiteDB;
using Nod.Model;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Maps <see cref="ConversationRecord"/> to and from its document (id: the conversation id; indexed by agent).
/// <c>thinking</c> came later: documents without it read as bubble off.
/// </summary>
internal static class ConversationDocument
{
    public const string Agent = "agent";

    public static BsonDocument From(ConversationRecord conversation) => new()
    {
        ["_id"] = conversation.Id,
        [Agent] = conversation.AgentId,
        ["title"] = Bson.Text(conversation.Title),
        ["at"] = Bson.Time(conversation.CreatedAt),
        ["last"] = Bson.Time(conversation.LastMessageAt),
        ["thinking"] = conversation.LoggedProcessing,
    };

    public static ConversationRecord To(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        AgentId = doc[Agent].AsString,
        Title = Bson.ReadText(doc["title"]),
        CreatedAt = Bson.ReadTime(doc["at"]),
        LastMessageAt = Bson.ReadOptionalTime(doc["last"]),
        LoggedProcessing = Bson.ReadFlag(doc["thinking"]),
    };
}
