using System.Security.Cryptography;
using System.Text;
using LiteDB;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Maps <see cref="IdempotencyRecord"/> to and from its document. The id joins agent and key; a key too long for a
/// LiteDB index key (1023 bytes) is replaced in the id by its SHA-256, and the full key is kept and compared on read.
/// Indexed by agent (deletion cascade) and by expiry (purge).
/// </summary>
internal static class IdempotencyDocument
{
    public const string Agent = "agent";
    public const string Expires = "exp";

    private const int MaxPlainKeyBytes = 512;

    public static string IdOf(string agentId, string key)
    {
        var plain = Encoding.UTF8.GetByteCount(key) <= MaxPlainKeyBytes;
        return plain
            ? string.Concat(agentId, "\u001f", key)
            : string.Concat(agentId, "\u001f#", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
    }

    public static BsonDocument From(IdempotencyRecord record) => new()
    {
        ["_id"] = IdOf(record.AgentId, record.Key),
        [Agent] = record.AgentId,
        ["key"] = record.Key,
        ["status"] = record.Result.Status,
        ["mid"] = Bson.Text(record.Result.MessageId),
        ["did"] = Bson.Text(record.Result.DecisionId),
        ["aid"] = Bson.Text(record.Result.ActivityId),
        ["at"] = Bson.Time(record.CreatedAt),
        [Expires] = Bson.Time(record.ExpiresAt),
    };

    public static IdempotencyRecord To(BsonDocument doc) => new()
    {
        AgentId = doc[Agent].AsString,
        Key = doc["key"].AsString,
        Result = new AgentEventResult
        {
            Status = Bson.ReadRequiredText(doc["status"]),
            MessageId = Bson.ReadText(doc["mid"]),
            DecisionId = Bson.ReadText(doc["did"]),
            ActivityId = Bson.ReadText(doc["aid"]),
        },
        CreatedAt = Bson.ReadTime(doc["at"]),
        ExpiresAt = Bson.ReadTime(doc[Expires]),
    };
}
