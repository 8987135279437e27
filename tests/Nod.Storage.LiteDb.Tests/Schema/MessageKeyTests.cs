using System.Globalization;
using LiteDB;
using Microsoft.Extensions.Time.Testing;
using Nod.Storage.LiteDb.Internal;
using Nod.Model;
using Nod.Storage.Conformance;
using Nod.Storage.LiteDb.Tests.Infrastructure;

namespace Nod.Storage.LiteDb.Tests.Schema;

/// <summary>
/// Messages are stored under a key that only grows, and their ids are that key encrypted under a secret of the
/// database: new messages append to the primary index, ids stay unguessable, and documents written before keys (stored
/// under the id itself) are still found, paged and deleted.
/// </summary>
public sealed class MessageKeyTests : IDisposable
{
    private const string Messages = LiteDbStoreOptions.DefaultCollectionPrefix + "messages";

    private readonly TempDirectory _directory = new();
    private readonly StoreTestData _data = new();

    [Fact]
    public async Task MintedMessages_AreStoredUnderGrowingKeys_InTheOrderTheirIdsWereMinted()
    {
        var path = _directory.File();
        var agent = _data.Agent();
        var conversation = _data.Conversation(agent.Id);
        List<string> ids;
        await using (var store = await LiteDbStores.OpenFileAsync(path))
        {
            ids = [.. Enumerable.Range(0, 50).Select(_ => store.Messages.NewMessageId())];
            await LiteDbStores.CommitOkAsync(store, s =>
            {
                s.PutAgent(agent);
                s.PutConversation(conversation);
                foreach (var id in ids.AsEnumerable().Reverse())
                {
                    s.AddMessage(_data.MinimalMessage(conversation) with { Id = id });
                }
            });
        }

        using var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path));
        var stored = database.GetCollection(Messages).Query().OrderBy("_id").ToList();
        Assert.All(stored, doc => Assert.True(doc["_id"].IsInt64));
        Assert.Equal(ids, stored.Select(doc => doc["id"].AsString));
        Assert.NotEqual(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task MintedKeys_StartFromTheHostsClock()
    {
        var path = _directory.File();
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var agent = _data.Agent();
        var conversation = _data.Conversation(agent.Id);
        await using (var store = new LiteDbNodStore(new LiteDbStoreOptions { ConnectionString = LiteDbStores.ConnectionStringFor(path) }, time: time))
        {
            await store.InitializeAsync().AsTask().WithTimeout();
            await LiteDbStores.CommitOkAsync(store, s =>
            {
                s.PutAgent(agent);
                s.PutConversation(conversation);
                s.AddMessage(_data.MinimalMessage(conversation) with { Id = store.Messages.NewMessageId() });
                s.AddMessage(_data.MinimalMessage(conversation) with { Id = store.Messages.NewMessageId() });
            });
        }

        using var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path));
        var keys = database.GetCollection(Messages).Query().OrderBy("_id").ToList().Select(doc => doc["_id"].AsInt64);
        var first = time.GetUtcNow().ToUnixTimeMilliseconds() << 16;
        Assert.Equal([first, first + 1], keys);
    }

    [Fact]
    public async Task Open_StoredKeyAheadOfTheClock_MintingGoesOnAboveIt()
    {
        var path = _directory.File();
        var ahead = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds() << 16;
        var conversation = await SeedAsync(path);

        // As if the clock had gone back a day since that message was written.
        using (var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path)))
        {
            var messages = database.GetCollection(Messages);
            var doc = messages.FindAll().Single();
            messages.DeleteAll();
            doc["_id"] = ahead;
            messages.Insert(doc);
        }

        await using (var store = await LiteDbStores.OpenFileAsync(path))
        {
            var fresh = _data.MinimalMessage(conversation, "fresh") with { Id = store.Messages.NewMessageId() };
            await LiteDbStores.CommitOkAsync(store, s => s.AddMessage(fresh));
        }

        using (var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path)))
        {
            var keys = database.GetCollection(Messages).Query().OrderBy("_id").ToList();
            Assert.Equal(ahead, keys[0]["_id"].AsInt64);
            Assert.Equal(ahead + 1, keys[1]["_id"].AsInt64);
            Assert.Equal("fresh", keys[1]["text"].AsString);
        }
    }

    [Fact]
    public async Task MessageIds_OfAnotherDatabase_AreNotFound_AndTheTwoMintDifferentIds()
    {
        var agent = _data.Agent();
        var conversation = _data.Conversation(agent.Id);
        await using var first = await LiteDbStores.OpenFileAsync(_directory.File("first.db"));
        await using var second = await LiteDbStores.OpenFileAsync(_directory.File("second.db"));
        var firstId = first.Messages.NewMessageId();
        var secondId = second.Messages.NewMessageId();
        foreach (var (store, id) in new[] { (first, firstId), (second, secondId) })
        {
            await LiteDbStores.CommitOkAsync(store, s =>
            {
                s.PutAgent(agent);
                s.PutConversation(conversation);
                s.AddMessage(_data.MinimalMessage(conversation) with { Id = id });
            });
        }

        Assert.NotEqual(firstId, secondId);
        Assert.Null(await second.Messages.GetAsync(firstId).WithTimeout());
        Assert.Null(await first.Messages.GetAsync(secondId).WithTimeout());
        Assert.NotNull(await first.Messages.GetAsync(firstId).WithTimeout());
    }

    [Fact]
    public async Task MessageWrittenBeforeKeys_IsFoundPagedAndDeletedWithItsAgent_NextToNewOnes()
    {
        var path = _directory.File();
        var agent = _data.Agent();
        var conversation = _data.Conversation(agent.Id);
        var old = _data.MinimalMessage(conversation, "old");
        await using (var store = await LiteDbStores.OpenFileAsync(path))
        {
            await LiteDbStores.CommitOkAsync(store, s =>
            {
                s.PutAgent(agent);
                s.PutConversation(conversation);
                s.AddMessage(old);
            });
        }

        // The layout before keys: _id is the message id and there is no id field.
        using (var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path)))
        {
            var messages = database.GetCollection(Messages);
            var doc = messages.FindOne(Query.EQ("id", old.Id));
            messages.DeleteAll();
            doc.Remove("id");
            doc["_id"] = old.Id;
            messages.Insert(doc);
        }

        await using (var store = await LiteDbStores.OpenFileAsync(path))
        {
            Assert.Equal("old", (await store.Messages.GetAsync(old.Id).WithTimeout())?.Text);
            var fresh = _data.MinimalMessage(conversation, "new") with { Id = store.Messages.NewMessageId() };
            await LiteDbStores.CommitOkAsync(store, s => s.AddMessage(fresh));

            var page = await store.Messages.GetPageAsync(conversation.Id, null, 50).WithTimeout();
            Assert.Equal([(fresh.Id, "new"), (old.Id, "old")], page.Select(m => (m.Id, m.Text)));
            Assert.Equal("new", (await store.Messages.GetAsync(fresh.Id).WithTimeout())?.Text);

            await LiteDbStores.CommitOkAsync(store, s => s.DeleteAgent(agent.Id));
            Assert.Null(await store.Messages.GetAsync(old.Id).WithTimeout());
            Assert.Null(await store.Messages.GetAsync(fresh.Id).WithTimeout());
        }
    }

    [Fact]
    public async Task MessageWithAnIdThisDatabaseDidNotMint_IsStoredUnderTheId_AndMintingGoesOnFromItsOwnKeys()
    {
        var path = _directory.File();
        var conversation = await SeedAsync(path);

        // An id in the minted form that decrypts to the largest key: stored under it, it would end minting.
        string foreignId;
        using (var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path)))
        {
            var secret = database.GetCollection(LiteDbStoreOptions.DefaultCollectionPrefix + "meta").FindById("message-id-secret")["value"].AsBinary;
            using var cipher = new MessageIdCipher(secret);
            foreignId = "msg_" + cipher.Encrypt(long.MaxValue).ToString("x16", CultureInfo.InvariantCulture);
        }

        await using (var store = await LiteDbStores.OpenFileAsync(path))
        {
            await LiteDbStores.CommitOkAsync(store, s => s.AddMessage(_data.MinimalMessage(conversation, "foreign") with { Id = foreignId }));
        }

        await using (var store = await LiteDbStores.OpenFileAsync(path))
        {
            var fresh = _data.MinimalMessage(conversation, "fresh") with { Id = store.Messages.NewMessageId() };
            await LiteDbStores.CommitOkAsync(store, s => s.AddMessage(fresh));

            Assert.Equal("foreign", (await store.Messages.GetAsync(foreignId).WithTimeout())?.Text);
            Assert.Equal("fresh", (await store.Messages.GetAsync(fresh.Id).WithTimeout())?.Text);
        }

        using (var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path)))
        {
            var messages = database.GetCollection(Messages);
            Assert.Equal(foreignId, messages.FindOne(Query.EQ("text", "foreign"))["_id"].AsString);
            Assert.True(messages.FindOne(Query.EQ("text", "fresh"))["_id"].AsInt64 < long.MaxValue / 2);
        }
    }

    [Fact]
    public async Task Open_MessageIdSecretMissingWhileMessagesAreStoredUnderKeys_FailsInsteadOfLosingEveryId()
    {
        var path = _directory.File();
        var conversation = await SeedAsync(path);

        using (var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path)))
        {
            Assert.True(database.GetCollection(LiteDbStoreOptions.DefaultCollectionPrefix + "meta").Delete("message-id-secret"));
        }

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbStores.OpenFileAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("message id secret is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_DamagedMessageIdSecret_FailsNamingTheDatabase()
    {
        var path = _directory.File();
        await (await LiteDbStores.OpenFileAsync(path)).DisposeAsync();
        using (var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path)))
        {
            database.GetCollection(LiteDbStoreOptions.DefaultCollectionPrefix + "meta")
                .Upsert(new BsonDocument { ["_id"] = "message-id-secret", ["value"] = new byte[3] });
        }

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbStores.OpenFileAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("message id secret", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>A database at <paramref name="path"/> holding an agent, its conversation and one message under a minted id.</summary>
    private async Task<ConversationRecord> SeedAsync(string path)
    {
        var agent = _data.Agent();
        var conversation = _data.Conversation(agent.Id);
        await using var store = await LiteDbStores.OpenFileAsync(path);
        await LiteDbStores.CommitOkAsync(store, s =>
        {
            s.PutAgent(agent);
            s.PutConversation(conversation);
            s.AddMessage(_data.MinimalMessage(conversation) with { Id = store.Messages.NewMessageId() });
        });
        return conversation;
    }
}
