using LiteDB;
using Nod.Model;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Maps <see cref="AgentRecord"/> to and from its document (id: the agent id). <c>online</c> came later: documents
/// without it read as offline.
/// </summary>
internal static class AgentDocument
{
    public static BsonDocument From(AgentRecord agent) => new()
    {
        ["_id"] = agent.Id,
        ["name"] = agent.Name,
        ["desc"] = Bson.Text(agent.Description),
        ["type"] = (int)agent.Type,
        ["hook"] = Bson.Text(agent.WebhookUrl),
        ["owner"] = agent.OwnerId,
        ["shared"] = Bson.List(agent.SharedWith),
        ["secret"] = agent.SecretHash,
        ["whsec"] = agent.WebhookSecret,
        ["conv"] = Bson.Text(agent.DefaultConversationId),
        ["at"] = Bson.Time(agent.CreatedAt),
        ["seen"] = Bson.Time(agent.LastSeenAt),
        ["online"] = agent.LoggedOnline,
    };

    public static AgentRecord To(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        Name = Bson.ReadRequiredText(doc["name"]),
        Description = Bson.ReadText(doc["desc"]),
        Type = (AgentType)doc["type"].AsInt32,
        WebhookUrl = Bson.ReadText(doc["hook"]),
        OwnerId = Bson.ReadRequiredText(doc["owner"]),
        SharedWith = Bson.ReadList(doc["shared"]) ?? [],
        SecretHash = Bson.ReadRequiredText(doc["secret"]),
        WebhookSecret = Bson.ReadRequiredText(doc["whsec"]),
        DefaultConversationId = Bson.ReadText(doc["conv"]),
        CreatedAt = Bson.ReadTime(doc["at"]),
        LastSeenAt = Bson.ReadOptionalTime(doc["seen"]),
        LoggedOnline = Bson.ReadFlag(doc["online"]),
    };
}
