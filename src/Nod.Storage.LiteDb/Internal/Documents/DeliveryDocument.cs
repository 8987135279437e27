using LiteDB;
using Nod.Model;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Maps <see cref="WebhookDelivery"/> to and from its document (id: the event id). <see cref="AgentKey"/> (agent, seq)
/// lists an agent's deliveries newest first; <see cref="Pending"/> finds the outbox to resume at start-up.
/// </summary>
internal static class DeliveryDocument
{
    public const string Agent = "agent";
    public const string AgentKey = "ak";
    public const string Pending = "pending";

    public static BsonDocument From(WebhookDelivery delivery) => new()
    {
        ["_id"] = delivery.EventId,
        [Agent] = delivery.AgentId,
        ["type"] = delivery.Type,
        ["status"] = (int)delivery.Status,
        ["attempts"] = delivery.Attempts,
        ["code"] = delivery.LastStatusCode is { } code ? new BsonValue(code) : BsonValue.Null,
        ["error"] = Bson.Text(delivery.LastError),
        ["next"] = Bson.Time(delivery.NextAttemptAt),
        ["at"] = Bson.Time(delivery.CreatedAt),
        ["done"] = Bson.Time(delivery.DeliveredAt),
        ["retry"] = delivery.RetryNum,
        ["reason"] = delivery.RetryReason,
        ["payload"] = delivery.Payload,
        ["seq"] = delivery.Seq,
        [AgentKey] = SortKeys.Of(delivery.AgentId, delivery.Seq),
        [Pending] = delivery.Status == DeliveryStatus.Pending,
    };

    public static WebhookDelivery To(BsonDocument doc) => new()
    {
        EventId = doc["_id"].AsString,
        AgentId = doc[Agent].AsString,
        Type = Bson.ReadRequiredText(doc["type"]),
        Status = (DeliveryStatus)doc["status"].AsInt32,
        Attempts = doc["attempts"].AsInt32,
        LastStatusCode = doc["code"].IsNull ? null : doc["code"].AsInt32,
        LastError = Bson.ReadText(doc["error"]),
        NextAttemptAt = Bson.ReadOptionalTime(doc["next"]),
        CreatedAt = Bson.ReadTime(doc["at"]),
        DeliveredAt = Bson.ReadOptionalTime(doc["done"]),
        RetryNum = doc["retry"].AsInt32,
        RetryReason = Bson.ReadRequiredText(doc["reason"]),
        Payload = doc["payload"].AsBinary,
        Seq = doc["seq"].AsInt64,
    };
}
