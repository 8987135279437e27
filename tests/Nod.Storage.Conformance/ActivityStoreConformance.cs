using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>The contract of <see cref="IActivityStore"/> and of activity writes.</summary>
public abstract class ActivityStoreConformance : StoreConformanceBase
{
    [Fact]
    public async Task QueryAsync_EmptyStore_ReturnsNothing()
    {
        Assert.Empty(await Store.Activity.QueryAsync(["agt_ffffffffffffffff"], null, 50).WithTimeout());
    }

    [Fact]
    public async Task AddActivity_EveryFieldSet_RoundTripsWithSeqOfItsEvent()
    {
        var agent = Data.Agent();
        var entry = Data.Activity(agent.Id);

        var set = await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.AddActivity(entry);
        });

        var e = Assert.Single(set.Events);
        var expected = entry with { Seq = e.Seq };
        StoreAssert.EveryPropertySet(expected);
        var page = await Store.Activity.QueryAsync([agent.Id], null, 50).WithTimeout();
        StoreAssert.Same(new[] { expected }, page);
        StoreAssert.Utc(page[0].CreatedAt);
        var logged = Assert.Single(await EventsAsync(EventAudience.App, agent.Id));
        Assert.Equal(ActivityCreatedFrame.TypeName, logged.Type);
        Assert.Equal(e.Seq, Assert.IsType<ActivityCreatedFrame>(logged.Frame).Activity.Seq);
    }

    [Fact]
    public async Task AddActivity_OptionalFieldsNull_RoundTripsNulls()
    {
        var agent = Data.Agent();
        var entry = Data.MinimalActivity(agent.Id);

        var set = await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.AddActivity(entry);
        });

        var page = await Store.Activity.QueryAsync([agent.Id], null, 50).WithTimeout();
        StoreAssert.Same(new[] { entry with { Seq = set.Events[0].Seq } }, page);
        Assert.Null(page[0].Text);
        Assert.Null(page[0].DecisionId);
        Assert.Equal(ActivityType.DecisionCreated, page[0].Type);
    }

    [Fact]
    public async Task QueryAsync_SeveralEntries_NewestFirst()
    {
        var (agent, written) = await EntriesAsync(6);

        var page = await Store.Activity.QueryAsync([agent], null, 50).WithTimeout();

        StoreAssert.Same(written.OrderByDescending(a => a.Seq), page);
    }

    [Fact]
    public async Task QueryAsync_Limit_ReturnsTheNewestOnes()
    {
        var (agent, written) = await EntriesAsync(6);

        var page = await Store.Activity.QueryAsync([agent], null, 2).WithTimeout();

        StoreAssert.Same(written.OrderByDescending(a => a.Seq).Take(2), page);
    }

    [Fact]
    public async Task QueryAsync_Before_OnlySmallerSeqAndExclusive()
    {
        var (agent, written) = await EntriesAsync(6);
        var newestFirst = written.OrderByDescending(a => a.Seq).ToList();

        var page = await Store.Activity.QueryAsync([agent], newestFirst[1].Seq, 50).WithTimeout();
        var justAbove = await Store.Activity.QueryAsync([agent], newestFirst[1].Seq + 1, 1).WithTimeout();
        var none = await Store.Activity.QueryAsync([agent], newestFirst[^1].Seq, 50).WithTimeout();

        StoreAssert.Same(newestFirst.Skip(2), page);
        StoreAssert.Same(new[] { newestFirst[1] }, justAbove);
        Assert.Empty(none);
    }

    [Fact]
    public async Task QueryAsync_AgentIds_OnlyThoseAgentsAndLimitCountsOnlyMatches()
    {
        var one = Data.Agent();
        var two = Data.Agent();
        var three = Data.Agent();
        await CommitOkAsync(s =>
        {
            s.PutAgent(one);
            s.PutAgent(two);
            s.PutAgent(three);
        });
        var written = new List<ActivityEntry>();
        for (var i = 0; i < 4; i++)
        {
            foreach (var agentId in new[] { one.Id, two.Id, three.Id, two.Id })
            {
                var entry = Data.MinimalActivity(agentId);
                var set = await CommitOkAsync(s => s.AddActivity(entry));
                written.Add(entry with { Seq = set.Events[0].Seq });
            }
        }

        var oneAndThree = await Store.Activity.QueryAsync(new HashSet<string> { one.Id, three.Id }, null, 50).WithTimeout();
        var limited = await Store.Activity.QueryAsync(new[] { one.Id, three.Id }, null, 3).WithTimeout();
        var none = await Store.Activity.QueryAsync([], null, 50).WithTimeout();

        var expected = written.Where(a => a.AgentId != two.Id).OrderByDescending(a => a.Seq).ToList();
        StoreAssert.Same(expected, oneAndThree);
        StoreAssert.Same(expected.Take(3), limited);
        Assert.Empty(none);
    }

    [Fact]
    public async Task QueryAsync_PagingWithLastSeqAsBefore_VisitsEveryEntryOnceInOrder()
    {
        var (agent, written) = await EntriesAsync(10);

        var visited = new List<ActivityEntry>();
        long? before = null;
        while (true)
        {
            var page = await Store.Activity.QueryAsync([agent], before, 3).WithTimeout();
            Assert.True(page.Count <= 3);
            if (page.Count == 0)
            {
                break;
            }

            visited.AddRange(page);
            before = page[^1].Seq;
        }

        StoreAssert.Same(written.OrderByDescending(a => a.Seq), visited);
    }

    /// <summary>An agent and <paramref name="count"/> entries of it interleaved with other events; returns them as stored.</summary>
    protected async Task<(string AgentId, IReadOnlyList<ActivityEntry> Written)> EntriesAsync(int count)
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var written = new List<ActivityEntry>();
        for (var i = 0; i < count; i++)
        {
            var entry = i % 2 == 0 ? Data.Activity(agent.Id) : Data.MinimalActivity(agent.Id);
            var set = await CommitOkAsync(s =>
            {
                s.AddMessage(Data.MinimalMessage(conversation, "noise"));
                s.AddActivity(entry);
                s.AppendStatus(agent.Id, i % 2 == 0, Data.Now());
            });
            written.Add(entry with { Seq = set.Events[1].Seq });
        }

        return (agent.Id, written);
    }
}
