using Nod.Model;

namespace Nod.Storage.Conformance;

/// <summary>The contract of <see cref="IAgentStore"/> and of agent writes.</summary>
public abstract class AgentStoreConformance : StoreConformanceBase
{
    [Fact]
    public async Task GetAsync_UnknownAgent_ReturnsNull()
    {
        Assert.Null(await Store.Agents.GetAsync("agt_ffffffffffffffff").WithTimeout());
    }

    [Fact]
    public async Task ListAsync_EmptyStore_ReturnsNothing()
    {
        Assert.Empty(await Store.Agents.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task PutAgent_EveryFieldSet_RoundTrips()
    {
        var agent = Data.Agent();
        StoreAssert.EveryPropertySet(agent);

        await CommitOkAsync(s => s.PutAgent(agent));

        var stored = await Store.Agents.GetAsync(agent.Id).WithTimeout();
        StoreAssert.Same(agent, stored);
        StoreAssert.Same(new[] { agent }, await Store.Agents.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task PutAgent_OptionalFieldsNull_RoundTripsNullsAndEmptyList()
    {
        var agent = Data.MinimalAgent();

        await CommitOkAsync(s => s.PutAgent(agent));

        var stored = await Store.Agents.GetAsync(agent.Id).WithTimeout();
        StoreAssert.Same(agent, stored);
        Assert.NotNull(stored!.SharedWith);
        Assert.Empty(stored.SharedWith);
        Assert.Null(stored.Description);
        Assert.Null(stored.WebhookUrl);
        Assert.Null(stored.DefaultConversationId);
        Assert.Null(stored.LastSeenAt);
    }

    [Fact]
    public async Task PutAgent_TimestampsWithMilliseconds_ComeBackUtcToTheMillisecond()
    {
        var agent = Data.Agent() with
        {
            CreatedAt = new DateTimeOffset(2026, 3, 1, 23, 59, 59, 999, TimeSpan.Zero),
            LastSeenAt = new DateTimeOffset(2026, 3, 2, 0, 0, 0, 1, TimeSpan.Zero),
        };

        await CommitOkAsync(s => s.PutAgent(agent));

        var stored = await Store.Agents.GetAsync(agent.Id).WithTimeout();
        Assert.Equal(agent.CreatedAt, stored!.CreatedAt);
        Assert.Equal(agent.LastSeenAt, stored.LastSeenAt);
        StoreAssert.Utc(stored.CreatedAt);
        StoreAssert.Utc(stored.LastSeenAt);
    }

    [Fact]
    public async Task PutAgent_ExistingId_ReplacesWholeRecord()
    {
        var agent = Data.Agent();
        await CommitOkAsync(s => s.PutAgent(agent));
        var replacement = Data.MinimalAgent(agent.Id) with { Name = "renamed", SharedWith = ["usr_dave"] };

        await CommitOkAsync(s => s.PutAgent(replacement));

        StoreAssert.Same(replacement, await Store.Agents.GetAsync(agent.Id).WithTimeout());
        StoreAssert.Same(new[] { replacement }, await Store.Agents.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task PutAgent_SeveralAgentsOverSeveralCommits_ListReturnsEachOnce()
    {
        var first = Data.Agent();
        var second = Data.MinimalAgent();
        var third = Data.Agent();
        await CommitOkAsync(s =>
        {
            s.PutAgent(first);
            s.PutAgent(second);
        });
        await CommitOkAsync(s => s.PutAgent(third));

        var listed = await Store.Agents.ListAsync().WithTimeout();

        StoreAssert.Same(
            new[] { first, second, third }.OrderBy(a => a.Id, StringComparer.Ordinal),
            listed.OrderBy(a => a.Id, StringComparer.Ordinal));
        foreach (var agent in new[] { first, second, third })
        {
            StoreAssert.Same(agent, await Store.Agents.GetAsync(agent.Id).WithTimeout());
        }
    }

    [Fact]
    public async Task DeleteAgent_ExistingAgent_GetReturnsNullAndListOmitsIt()
    {
        var kept = Data.Agent();
        var deleted = Data.Agent();
        await CommitOkAsync(s =>
        {
            s.PutAgent(kept);
            s.PutAgent(deleted);
        });

        await CommitOkAsync(s => s.DeleteAgent(deleted.Id));

        Assert.Null(await Store.Agents.GetAsync(deleted.Id).WithTimeout());
        StoreAssert.Same(new[] { kept }, await Store.Agents.ListAsync().WithTimeout());
    }
}
