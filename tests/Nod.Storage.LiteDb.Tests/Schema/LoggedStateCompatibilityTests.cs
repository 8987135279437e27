using LiteDB;
using Nod.Storage.Conformance;
using Nod.Storage.LiteDb.Tests.Infrastructure;

namespace Nod.Storage.LiteDb.Tests.Schema;

/// <summary>
/// Agents and conversations written before they carried what the log says is on (<c>online</c>, <c>thinking</c>) read
/// as offline and bubble off, with every other field as it was: a start-up on such a file has nothing to log off.
/// </summary>
public sealed class LoggedStateCompatibilityTests : IDisposable
{
    private const string Agents = LiteDbStoreOptions.DefaultCollectionPrefix + "agents";
    private const string Conversations = LiteDbStoreOptions.DefaultCollectionPrefix + "conversations";

    private readonly TempDirectory _directory = new();
    private readonly StoreTestData _data = new();

    [Fact]
    public async Task Open_AgentAndConversationWithoutTheFlags_ReadOffWithEveryOtherFieldKept()
    {
        var path = _directory.File();
        var agent = _data.Agent();
        var conversation = _data.Conversation(agent.Id);
        await using (var store = await LiteDbStores.OpenFileAsync(path))
        {
            await LiteDbStores.CommitOkAsync(store, s =>
            {
                s.PutAgent(agent);
                s.PutConversation(conversation);
            });
        }

        using (var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path)))
        {
            RemoveField(database.GetCollection(Agents), agent.Id, "online");
            RemoveField(database.GetCollection(Conversations), conversation.Id, "thinking");
        }

        await using (var store = await LiteDbStores.OpenFileAsync(path))
        {
            StoreAssert.Same(agent with { LoggedOnline = false }, await store.Agents.GetAsync(agent.Id).WithTimeout());
            StoreAssert.Same(conversation with { LoggedProcessing = false }, await store.Conversations.GetAsync(conversation.Id).WithTimeout());
        }
    }

    public void Dispose() => _directory.Dispose();

    private static void RemoveField(ILiteCollection<BsonDocument> collection, string id, string field)
    {
        var document = collection.FindById(id);
        Assert.True(document[field].AsBoolean, $"{field} was not written as true");
        Assert.True(document.Remove(field));
        Assert.True(collection.Update(document));
    }
}
