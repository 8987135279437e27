using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>The contract of <see cref="IDecisionStore"/> and of decision writes.</summary>
public abstract class DecisionStoreConformance : StoreConformanceBase
{
    [Fact]
    public async Task GetAsync_UnknownDecision_ReturnsNull()
    {
        Assert.Null(await Store.Decisions.GetAsync("dec_ffffffffffffffff").WithTimeout());
    }

    [Fact]
    public async Task ListPendingAsync_EmptyStore_ReturnsNothing()
    {
        Assert.Empty(await Store.Decisions.ListPendingAsync().WithTimeout());
    }

    [Fact]
    public async Task CreateDecision_EveryFieldSet_RoundTripsWithVersionOneAndSeqOfItsEvent()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var decision = Data.Decision(agent.Id, conversation.Id);

        var set = await CommitOkAsync(s => s.CreateDecision(decision));

        var expected = decision with { Seq = Assert.Single(set.Events).Seq, Version = 1 };
        StoreAssert.EveryPropertySet(expected, nameof(Decision.Status), nameof(Decision.Note), nameof(Decision.AlwaysAllow),
            nameof(Decision.AlwaysAllowPattern), nameof(Decision.ResolvedBy), nameof(Decision.ResolvedAt), nameof(Decision.ResolvedByUserId));
        var stored = await Store.Decisions.GetAsync(decision.Id).WithTimeout();
        StoreAssert.Same(expected, stored);
        StoreAssert.Utc(stored!.CreatedAt);
        StoreAssert.Utc(stored.ExpiresAt);
        StoreAssert.Utc(stored.TaskProposal!.RunAt);
    }

    [Fact]
    public async Task CreateDecision_OptionalFieldsNull_RoundTripsNulls()
    {
        var agent = Data.Agent();
        var decision = Data.MinimalDecision(agent.Id);

        var set = await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.CreateDecision(decision);
        });

        var stored = await Store.Decisions.GetAsync(decision.Id).WithTimeout();
        StoreAssert.Same(decision with { Seq = set.Events[0].Seq, Version = 1 }, stored);
        Assert.Null(stored!.ConversationId);
        Assert.Null(stored.Options);
        Assert.Null(stored.AlwaysAllowOptions);
        Assert.Null(stored.TaskProposal);
        Assert.Null(stored.ExpiresAt);
    }

    [Fact]
    public async Task CreateDecision_AfterOtherEventsInTheSet_TakesSeqOfItsOwnEvent()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var decision = Data.Decision(agent.Id, conversation.Id);

        var set = await CommitOkAsync(s =>
        {
            s.AddMessage(Data.MinimalMessage(conversation, "before"));
            s.AppendStatus(agent.Id, true, Data.Now());
            s.CreateDecision(decision);
            s.AddActivity(Data.MinimalActivity(agent.Id));
        });

        var stored = await Store.Decisions.GetAsync(decision.Id).WithTimeout();
        var announcing = set.Events.Single(e => e.Type == DecisionCreatedFrame.TypeName);
        Assert.Equal(announcing.Seq, stored!.Seq);
        Assert.Equal(set.Events[2].Seq, stored.Seq);
        Assert.Equal(announcing.Seq, Assert.IsType<DecisionCreatedFrame>(announcing.Frame).Decision.Seq);
    }

    [Fact]
    public async Task ResolveDecision_CurrentVersion_ReplacesRecordBumpsVersionAndKeepsSeq()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var created = await CreateAsync(Data.Decision(agent.Id, conversation.Id));
        var resolved = Data.Resolved(created);

        await CommitOkAsync(s => s.ResolveDecision(resolved, created.Version));

        var stored = await Store.Decisions.GetAsync(created.Id).WithTimeout();
        var expected = resolved with { Version = 2 };
        StoreAssert.EveryPropertySet(expected);
        StoreAssert.Same(expected, stored);
        Assert.Equal(created.Seq, stored!.Seq);
        StoreAssert.Utc(stored.ResolvedAt);
    }

    [Fact]
    public async Task ResolveDecision_Twice_VersionCountsEveryWrite()
    {
        var agent = Data.Agent();
        await CommitOkAsync(s => s.PutAgent(agent));
        var created = await CreateAsync(Data.MinimalDecision(agent.Id));

        await CommitOkAsync(s => s.PutDecision(created with { Title = "edited" }, 1));
        await CommitOkAsync(s => s.ResolveDecision(Data.Resolved(created with { Title = "edited" }, DecisionStatus.Dismissed), 2));

        var stored = await Store.Decisions.GetAsync(created.Id).WithTimeout();
        Assert.Equal(3, stored!.Version);
        Assert.Equal(DecisionStatus.Dismissed, stored.Status);
        Assert.Equal("edited", stored.Title);
        Assert.Equal(created.Seq, stored.Seq);
    }

    [Fact]
    public async Task ResolveDecision_WriterWithoutSeq_KeepsTheStoredSeqAndPlace()
    {
        var agent = Data.Agent();
        await CommitOkAsync(s => s.PutAgent(agent));
        var first = await CreateAsync(Data.MinimalDecision(agent.Id));
        var second = await CreateAsync(Data.MinimalDecision(agent.Id));

        // The engine resolves from its working copy, which may predate the seq the store gave at creation.
        await CommitOkAsync(s => s.ResolveDecision(Data.Resolved(first with { Seq = 0 }), first.Version));

        var stored = await Store.Decisions.GetAsync(first.Id).WithTimeout();
        Assert.Equal(first.Seq, stored!.Seq);
        var page = await Store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.All, null, null, 50)).WithTimeout();
        Assert.Equal([second.Id, first.Id], page.Select(d => d.Id));
    }

    [Fact]
    public async Task ListPendingAsync_MixedDecisions_OnlyPendingOldestFirstAcrossAgents()
    {
        var (one, conversation) = await AgentWithConversationAsync();
        var two = Data.Agent();
        await CommitOkAsync(s => s.PutAgent(two));
        var a = await CreateAsync(Data.Decision(one.Id, conversation.Id));
        var b = await CreateAsync(Data.MinimalDecision(two.Id));
        var c = await CreateAsync(Data.MinimalDecision(one.Id));
        var d = await CreateAsync(Data.Decision(two.Id, null));
        await ResolveAsync(c);
        await ResolveAsync(a);

        var pending = await Store.Decisions.ListPendingAsync().WithTimeout();

        StoreAssert.Same(new[] { b, d }, pending);
    }

    [Theory]
    [InlineData(DecisionFilter.Pending)]
    [InlineData(DecisionFilter.Resolved)]
    [InlineData(DecisionFilter.All)]
    public async Task QueryAsync_StatusFilter_NewestFirstOnlyMatching(DecisionFilter filter)
    {
        var all = await MixedDecisionsAsync();

        var page = await Store.Decisions.QueryAsync(new DecisionStoreQuery(Data.AgentIds, filter, null, null, 50)).WithTimeout();

        var expected = all.Where(d => filter switch
        {
            DecisionFilter.Pending => d.IsPending,
            DecisionFilter.Resolved => !d.IsPending,
            _ => true,
        }).OrderByDescending(d => d.Seq);
        StoreAssert.Same(expected, page);
    }

    [Fact]
    public async Task QueryAsync_ResolvingAnOldDecision_KeepsItsPlaceByCreationSeq()
    {
        var agent = Data.Agent();
        await CommitOkAsync(s => s.PutAgent(agent));
        var first = await CreateAsync(Data.MinimalDecision(agent.Id));
        var second = await CreateAsync(Data.MinimalDecision(agent.Id));
        var third = await CreateAsync(Data.MinimalDecision(agent.Id));
        var resolvedFirst = await ResolveAsync(first);

        var page = await Store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.All, null, null, 50)).WithTimeout();

        StoreAssert.Same(new[] { third, second, resolvedFirst }, page);
    }

    [Fact]
    public async Task QueryAsync_AgentIds_OnlyThoseAgents()
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
        var written = new List<Decision>();
        for (var i = 0; i < 3; i++)
        {
            written.Add(await CreateAsync(Data.MinimalDecision(one.Id)));
            written.Add(await CreateAsync(Data.MinimalDecision(two.Id)));
            written.Add(await CreateAsync(Data.MinimalDecision(three.Id)));
        }

        var asArray = await Store.Decisions.QueryAsync(new DecisionStoreQuery(new[] { one.Id, three.Id }, DecisionFilter.All, null, null, 50)).WithTimeout();
        var asSet = await Store.Decisions.QueryAsync(new DecisionStoreQuery(new HashSet<string> { three.Id, one.Id }, DecisionFilter.Pending, null, null, 50)).WithTimeout();
        var single = await Store.Decisions.QueryAsync(new DecisionStoreQuery([two.Id], DecisionFilter.All, null, null, 50)).WithTimeout();
        var unknown = await Store.Decisions.QueryAsync(new DecisionStoreQuery(["agt_ffffffffffffffff"], DecisionFilter.All, null, null, 50)).WithTimeout();

        var expected = written.Where(d => d.AgentId != two.Id).OrderByDescending(d => d.Seq).ToList();
        StoreAssert.Same(expected, asArray);
        StoreAssert.Same(expected, asSet);
        StoreAssert.Same(written.Where(d => d.AgentId == two.Id).OrderByDescending(d => d.Seq), single);
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task QueryAsync_NoAgentIds_ReturnsNothing()
    {
        await MixedDecisionsAsync();

        Assert.Empty(await Store.Decisions.QueryAsync(new DecisionStoreQuery([], DecisionFilter.All, null, null, 50)).WithTimeout());
    }

    [Fact]
    public async Task QueryAsync_ConversationId_OnlyThatConversation()
    {
        var (agent, first) = await AgentWithConversationAsync();
        var second = Data.Conversation(agent.Id);
        await CommitOkAsync(s => s.PutConversation(second));
        var inFirst = await CreateAsync(Data.Decision(agent.Id, first.Id));
        var inSecond = await CreateAsync(Data.Decision(agent.Id, second.Id));
        var inNone = await CreateAsync(Data.MinimalDecision(agent.Id));
        var inFirstAgain = await CreateAsync(Data.MinimalDecision(agent.Id, first.Id));
        var resolvedInFirst = await ResolveAsync(inFirst);

        var all = await Store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.All, first.Id, null, 50)).WithTimeout();
        var pending = await Store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.Pending, first.Id, null, 50)).WithTimeout();
        var unfiltered = await Store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.All, null, null, 50)).WithTimeout();
        var unknown = await Store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.All, "conv_ffffffffffffffff", null, 50)).WithTimeout();

        StoreAssert.Same(new[] { inFirstAgain, resolvedInFirst }, all);
        StoreAssert.Same(new[] { inFirstAgain }, pending);
        StoreAssert.Same(new[] { inFirstAgain, inNone, inSecond, resolvedInFirst }, unfiltered);
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task QueryAsync_BeforeSeq_OnlySmallerSeqAndExclusive()
    {
        var all = (await MixedDecisionsAsync()).OrderByDescending(d => d.Seq).ToList();
        var pivot = all[2].Seq;

        var page = await Store.Decisions.QueryAsync(new DecisionStoreQuery(Data.AgentIds, DecisionFilter.All, null, pivot, 50)).WithTimeout();
        var justAbove = await Store.Decisions.QueryAsync(new DecisionStoreQuery(Data.AgentIds, DecisionFilter.All, null, pivot + 1, 1)).WithTimeout();
        var none = await Store.Decisions.QueryAsync(new DecisionStoreQuery(Data.AgentIds, DecisionFilter.All, null, all[^1].Seq, 50)).WithTimeout();

        StoreAssert.Same(all.Skip(3), page);
        StoreAssert.Same(new[] { all[2] }, justAbove);
        Assert.Empty(none);
    }

    [Fact]
    public async Task QueryAsync_Limit_CountsOnlyMatchingDecisions()
    {
        var agent = Data.Agent();
        var other = Data.Agent();
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutAgent(other);
        });
        var pendingOld = await CreateAsync(Data.MinimalDecision(agent.Id));
        var pendingMiddle = await CreateAsync(Data.MinimalDecision(agent.Id));
        await CreateAsync(Data.MinimalDecision(other.Id));
        await ResolveAsync(await CreateAsync(Data.MinimalDecision(agent.Id)));
        await ResolveAsync(await CreateAsync(Data.MinimalDecision(agent.Id)));
        await CreateAsync(Data.MinimalDecision(other.Id));

        var page = await Store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.Pending, null, null, 2)).WithTimeout();

        StoreAssert.Same(new[] { pendingMiddle, pendingOld }, page);
    }

    [Fact]
    public async Task QueryAsync_PagingWithLastSeqAsBefore_VisitsEveryMatchOnceInOrder()
    {
        var all = await MixedDecisionsAsync();

        var visited = new List<Decision>();
        long? before = null;
        while (true)
        {
            var page = await Store.Decisions.QueryAsync(new DecisionStoreQuery(Data.AgentIds, DecisionFilter.Pending, null, before, 2)).WithTimeout();
            Assert.True(page.Count <= 2);
            if (page.Count == 0)
            {
                break;
            }

            visited.AddRange(page);
            before = page[^1].Seq;
        }

        StoreAssert.Same(all.Where(d => d.IsPending).OrderByDescending(d => d.Seq), visited);
    }

    /// <summary>Creates a decision announced by its event; returns it as stored.</summary>
    protected async Task<Decision> CreateAsync(Decision decision)
    {
        var set = await CommitOkAsync(s => s.CreateDecision(decision));
        return decision with { Seq = set.Events[0].Seq, Version = 1 };
    }

    /// <summary>Resolves a stored decision; returns it as stored.</summary>
    protected async Task<Decision> ResolveAsync(Decision stored, DecisionStatus status = DecisionStatus.Approved)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var resolved = Data.Resolved(stored, status);
        await CommitOkAsync(s => s.ResolveDecision(resolved, stored.Version));
        return resolved with { Version = stored.Version + 1 };
    }

    /// <summary>Two agents, a dozen decisions in and out of conversations, some resolved; returns all as stored.</summary>
    protected async Task<IReadOnlyList<Decision>> MixedDecisionsAsync()
    {
        var (one, conversation) = await AgentWithConversationAsync();
        var two = Data.MinimalAgent();
        await CommitOkAsync(s => s.PutAgent(two));
        var all = new List<Decision>();
        for (var i = 0; i < 12; i++)
        {
            var agentId = i % 3 == 0 ? two.Id : one.Id;
            var conversationId = agentId == one.Id && i % 4 != 0 ? conversation.Id : null;
            var decision = await CreateAsync(i % 2 == 0 ? Data.Decision(agentId, conversationId) : Data.MinimalDecision(agentId, conversationId));
            all.Add(i % 5 == 1 || i % 4 == 2 ? await ResolveAsync(decision, i % 2 == 0 ? DecisionStatus.Rejected : DecisionStatus.Expired) : decision);
        }

        return all;
    }
}
