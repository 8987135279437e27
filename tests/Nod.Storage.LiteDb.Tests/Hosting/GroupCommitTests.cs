using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nod.Model;
using Nod.Storage.Conformance;
using Nod.Storage.LiteDb.Tests.Infrastructure;

namespace Nod.Storage.LiteDb.Tests.Hosting;

/// <summary>
/// Group commit on the LiteDB store: commands waiting together share one store transaction, each is acknowledged only
/// once its transaction committed, and one set that cannot be written fails alone.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task ConcurrentSenders_CommittedInBatchesLargerThanOne_EveryMessageAcknowledgedAndStoredOnce()
    {
        const int Agents = 4;
        const int PerAgent = 60;
        CountingStore? counting = null;
        await using var host = await LiteDbTestHost.StartAsync(_directory.File(), services: services =>
        {
            services.RemoveAll<INodStore>();
            services.AddSingleton<INodStore>(sp => counting = new CountingStore(
                new LiteDbNodStore(sp.GetRequiredService<IOptions<LiteDbStoreOptions>>().Value)));
        });
        var alice = host.Nod.ForUser("alice", "Alice");
        var agents = new List<NodAgentClient>();
        for (var i = 0; i < Agents; i++)
        {
            var created = await alice.CreateAgentAsync(new CreateAgentRequest { Name = $"Sender {i}" }).Within();
            agents.Add(await host.Nod.ConnectAgentAsync(created.AgentId, created.Secret).Within());
        }

        var callsBefore = counting!.BatchSizes.Count;

        // Every send in flight at once: the engine finds many waiting and commits them together.
        var sends = agents.SelectMany(agent => Enumerable.Range(0, PerAgent).Select(i => agent.SendMessageAsync($"message {i}"))).ToList();
        var ids = await Task.WhenAll(sends).Within();

        var batches = counting.BatchSizes.Skip(callsBefore).ToList();
        Assert.True(batches.Max() > 1, $"every commit carried one change set: {string.Join(",", batches)}");
        Assert.True(batches.Count < ids.Length, $"{batches.Count} commits for {ids.Length} messages");
        Assert.Equal(ids.Length, ids.Distinct().Count());
        var stored = new List<string>();
        foreach (var agent in agents)
        {
            stored.AddRange((await host.Store.Messages.GetPageAsync(agent.DefaultConversationId!, null, 10_000).Within()).Select(m => m.Id));
            await agent.DisposeAsync();
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CommitAsync_OneSetFailsToWriteInABatch_OnlyItFailsTheOthersCommitWithConsecutiveSeqs()
    {
        await using var store = (LiteDbNodStore)await LiteDbStores.OnFileAsync(_directory.File());
        var data = new StoreTestData();
        var agent = data.Agent();
        var conversation = data.Conversation(agent.Id);
        var existing = data.MinimalMessage(conversation, "existing");
        var setup = await store.CommitAsync([ChangeSets.New(s =>
        {
            s.PutAgent(agent);
            s.PutConversation(conversation);
            s.AddMessage(existing);
        })]).Within();
        Assert.Equal(CommitStatus.Committed, Assert.Single(setup).Status);

        var first = ChangeSets.New(s => s.AddMessage(data.MinimalMessage(conversation, "first")));
        var duplicate = ChangeSets.New(s =>
        {
            s.AddActivity(data.MinimalActivity(agent.Id));
            s.AddMessage(existing with { Text = "same id again" });
        });
        var last = ChangeSets.New(s => s.AddMessage(data.MinimalMessage(conversation, "last")));

        // The duplicate id makes LiteDB throw half-way through the batch's transaction.
        var outcomes = await store.CommitAsync([first, duplicate, last]).Within();

        Assert.Equal([CommitStatus.Committed, CommitStatus.Failed, CommitStatus.Committed], outcomes.Select(o => o.Status));
        Assert.NotNull(outcomes[1].Error);
        Assert.Equal(first.Events[0].Seq + 1, last.Events[0].Seq);
        Assert.Equal(last.Events[0].Seq, await store.Events.GetHeadAsync().Within());
        var history = await store.Messages.GetPageAsync(conversation.Id, null, 50).Within();
        Assert.Equal(["last", "first", "existing"], history.Select(m => m.Text));
        Assert.Empty(await store.Activity.QueryAsync([agent.Id], null, 50).Within());
        var afterSetup = await store.Events.ReadAsync(new EventLogQuery(1, EventAudience.App, [agent.Id], 50)).Within();
        StoreAssert.Same(first.Events.Concat(last.Events), afterSetup);
    }

    public void Dispose() => _directory.Dispose();
}
