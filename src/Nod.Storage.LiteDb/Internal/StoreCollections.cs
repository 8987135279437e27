using System.Security.Cryptography;
using LiteDB;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal;

/// <summary>The open database and Nod's collections in it, named with the configured prefix.</summary>
internal sealed class StoreCollections : IDisposable
{
    public const string HeadId = "head";

    /// <summary>The meta document holding the secret message ids are encrypted under (<see cref="Internal.MessageIds"/>).</summary>
    public const string MessageIdSecretId = "message-id-secret";

    /// <summary>
    /// An index on the messages' agent that earlier databases have: the agent deletion cascade now finds messages by
    /// their conversations, and the index only cost every message write an index entry, so opening drops it.
    /// </summary>
    public const string RetiredMessageAgentIndex = "agent";

    private MessageIds? _messageIds;

    public StoreCollections(LiteDatabase database, string prefix)
    {
        Database = database;
        Meta = database.GetCollection(prefix + "meta");
        Agents = database.GetCollection(prefix + "agents");
        Conversations = database.GetCollection(prefix + "conversations");
        Messages = database.GetCollection(prefix + "messages");
        Decisions = database.GetCollection(prefix + "decisions");
        Rules = database.GetCollection(prefix + "rules");
        Activity = database.GetCollection(prefix + "activity");
        Events = database.GetCollection(prefix + "events");
        Idempotency = database.GetCollection(prefix + "idempotency");
        Tasks = database.GetCollection(prefix + "tasks");
        Runs = database.GetCollection(prefix + "runs");
        Deliveries = database.GetCollection(prefix + "deliveries");
    }

    public LiteDatabase Database { get; }

    /// <summary>Mints message ids and finds their keys; available once <see cref="PrepareMessageIds"/> ran.</summary>
    public MessageIds MessageIds => _messageIds ?? throw new InvalidOperationException("Message ids are not prepared yet.");

    /// <summary>One document, <see cref="HeadId"/>: the highest seq ever committed (a high-water mark).</summary>
    public ILiteCollection<BsonDocument> Meta { get; }

    public ILiteCollection<BsonDocument> Agents { get; }

    public ILiteCollection<BsonDocument> Conversations { get; }

    public ILiteCollection<BsonDocument> Messages { get; }

    public ILiteCollection<BsonDocument> Decisions { get; }

    public ILiteCollection<BsonDocument> Rules { get; }

    public ILiteCollection<BsonDocument> Activity { get; }

    public ILiteCollection<BsonDocument> Events { get; }

    public ILiteCollection<BsonDocument> Idempotency { get; }

    public ILiteCollection<BsonDocument> Tasks { get; }

    public ILiteCollection<BsonDocument> Runs { get; }

    public ILiteCollection<BsonDocument> Deliveries { get; }

    /// <summary>Creates the indexes the queries need (a no-op for those that exist) and drops retired ones.</summary>
    public void EnsureIndexes()
    {
        Messages.DropIndex(RetiredMessageAgentIndex);
        Conversations.EnsureIndex(ConversationDocument.Agent, "$." + ConversationDocument.Agent);
        Messages.EnsureIndex(MessageDocument.ConversationKey, "$." + MessageDocument.ConversationKey);
        Decisions.EnsureIndex(DecisionDocument.AgentKey, "$." + DecisionDocument.AgentKey);
        Decisions.EnsureIndex(DecisionDocument.Seq, "$." + DecisionDocument.Seq);
        Decisions.EnsureIndex(DecisionDocument.Pending, "$." + DecisionDocument.Pending);
        Rules.EnsureIndex(RuleDocument.Agent, "$." + RuleDocument.Agent);
        Activity.EnsureIndex(ActivityDocument.AgentKey, "$." + ActivityDocument.AgentKey);
        Events.EnsureIndex(EventDocument.AudienceAgentKey, "$." + EventDocument.AudienceAgentKey);
        Idempotency.EnsureIndex(IdempotencyDocument.Agent, "$." + IdempotencyDocument.Agent);
        Idempotency.EnsureIndex(IdempotencyDocument.Expires, "$." + IdempotencyDocument.Expires);
        Tasks.EnsureIndex(TaskDocument.Agent, "$." + TaskDocument.Agent);
        Runs.EnsureIndex(RunDocument.Agent, "$." + RunDocument.Agent);
        Runs.EnsureIndex(RunDocument.Task, "$." + RunDocument.Task);
        Runs.EnsureIndex(RunDocument.TaskKey, "$." + RunDocument.TaskKey);
        Runs.EnsureIndex(RunDocument.Running, "$." + RunDocument.Running);
        Deliveries.EnsureIndex(DeliveryDocument.Agent, "$." + DeliveryDocument.Agent);
        Deliveries.EnsureIndex(DeliveryDocument.AgentKey, "$." + DeliveryDocument.AgentKey);
        Deliveries.EnsureIndex(DeliveryDocument.Pending, "$." + DeliveryDocument.Pending);
    }

    /// <summary>
    /// Reads the database's message-id secret (creating it for a database that has none) and the largest key a stored
    /// message has, so that minting goes on above it.
    /// </summary>
    public void PrepareMessageIds(TimeProvider time)
    {
        // Keys are numbers; documents written before keys existed are stored under their id (a string, sorted after every number).
        var newest = Messages.Query().Where(Query.LT("_id", string.Empty)).OrderByDescending("_id").Limit(1).ToEnumerable().FirstOrDefault();
        var stored = Meta.FindById(MessageIdSecretId)?["value"];
        byte[] secret;
        if (stored is null && newest is not null)
        {
            // A new secret would leave every stored id unfindable: the meta collection lost it.
            throw new InvalidDataException($"The message id secret is missing from '{Meta.Name}' while messages are stored under keys: the database is damaged (restore it from a backup).");
        }

        if (stored is null)
        {
            secret = RandomNumberGenerator.GetBytes(MessageIdCipher.KeyLength);
            Meta.Insert(new BsonDocument { ["_id"] = MessageIdSecretId, ["value"] = secret });
        }
        else if (stored.IsBinary && stored.AsBinary.Length == MessageIdCipher.KeyLength)
        {
            secret = stored.AsBinary;
        }
        else
        {
            throw new InvalidDataException($"The message id secret in '{Meta.Name}' is not {MessageIdCipher.KeyLength} bytes: the database is damaged.");
        }

        _messageIds = new MessageIds(secret, newest?["_id"].AsInt64 ?? 0, time);
    }

    /// <summary>Releases the message-id cipher (the database is closed by its owner).</summary>
    public void Dispose() => _messageIds?.Dispose();

    /// <summary>The persisted head (0 for a new database); inside a transaction, as that transaction sees it.</summary>
    public long ReadHead() => Meta.FindById(HeadId)?["value"].AsInt64 ?? 0;

    public void WriteHead(long head) => Meta.Upsert(new BsonDocument { ["_id"] = HeadId, ["value"] = head });
}
