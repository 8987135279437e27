using LiteDB;
using Nod.Storage.Conformance;
using Nod.Storage.LiteDb.Tests.Infrastructure;

namespace Nod.Storage.LiteDb.Tests.Schema;

/// <summary>
/// A database written when messages still had an agent index opens without it, and deleting an agent still removes
/// every message of the agent (found through its conversations) and nothing of other agents.
/// </summary>
public sealed class RetiredIndexTests : IDisposable
{
    private const string Messages = LiteDbStoreOptions.DefaultCollectionPrefix + "messages";

    private readonly TempDirectory _directory = new();
    private readonly StoreTestData _data = new();

    [Fact]
    public async Task Open_DatabaseWithTheMessageAgentIndex_DropsIt_AndAgentDeletionStillRemovesItsMessages()
    {
        var path = _directory.File();
        var doomed = _data.Agent();
        var kept = _data.Agent();
        var doomedConversations = new[] { _data.Conversation(doomed.Id), _data.Conversation(doomed.Id) };
        var keptConversation = _data.Conversation(kept.Id);
        await using (var store = await LiteDbStores.OpenFileAsync(path))
        {
            await LiteDbStores.CommitOkAsync(store, s =>
            {
                s.PutAgent(doomed);
                s.PutAgent(kept);
                foreach (var conversation in doomedConversations.Append(keptConversation))
                {
                    s.PutConversation(conversation);
                    s.AddMessage(_data.MinimalMessage(conversation, "one"));
                    s.AddMessage(_data.MinimalMessage(conversation, "two"));
                }
            });
        }

        using (var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path)))
        {
            database.GetCollection(Messages).EnsureIndex("agent", "$.agent");
            Assert.Contains("agent", IndexNames(database));
        }

        await using (var store = await LiteDbStores.OpenFileAsync(path))
        {
            await LiteDbStores.CommitOkAsync(store, s => s.DeleteAgent(doomed.Id));

            foreach (var conversation in doomedConversations)
            {
                Assert.Empty(await store.Messages.GetPageAsync(conversation.Id, null, 50).WithTimeout());
            }

            var keptMessages = await store.Messages.GetPageAsync(keptConversation.Id, null, 50).WithTimeout();
            Assert.Equal(["two", "one"], keptMessages.Select(m => m.Text));
        }

        using (var database = new LiteDatabase(LiteDbStores.ConnectionStringFor(path)))
        {
            Assert.DoesNotContain("agent", IndexNames(database));
            Assert.Equal(2, database.GetCollection(Messages).Count());
        }
    }

    public void Dispose() => _directory.Dispose();

    private static List<string> IndexNames(LiteDatabase database) =>
        [.. database.GetCollection("$indexes").Find(Query.EQ("collection", Messages)).Select(index => index["name"].AsString)];
}
