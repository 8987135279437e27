using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>The contract of <see cref="IEventLog"/>: head, and reads by position, audience and agent.</summary>
public abstract class EventLogConformance : StoreConformanceBase
{
    [Fact]
    public async Task GetHeadAsync_EmptyStore_ReturnsZero()
    {
        Assert.Equal(0, await Store.Events.GetHeadAsync().WithTimeout());
    }

    [Fact]
    public async Task ReadAsync_EmptyStore_ReturnsNothing()
    {
        Assert.Empty(await Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, ["agt_ffffffffffffffff"], 50)).WithTimeout());
    }

    [Fact]
    public async Task GetHeadAsync_AfterCommits_ReturnsSeqOfLastEvent()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var first = await CommitOkAsync(s => s.AddMessage(Data.MinimalMessage(conversation)));
        var second = await CommitOkAsync(s =>
        {
            s.AppendStatus(agent.Id, true, Data.Now());
            s.AddActivity(Data.MinimalActivity(agent.Id));
        });

        var head = await Store.Events.GetHeadAsync().WithTimeout();

        Assert.Equal(second.Events[^1].Seq, head);
        Assert.True(first.Events[0].Seq < head);
    }

    [Fact]
    public async Task GetHeadAsync_SetsWithoutEvents_Unchanged()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        await CommitOkAsync(s => s.AddMessage(Data.MinimalMessage(conversation)));
        var head = await Store.Events.GetHeadAsync().WithTimeout();

        await CommitOkAsync(s => s.PutRule(Data.Rule(agent.Id)));
        await CommitOkAsync(new ChangeSet());
        await CommitOkAsync();

        Assert.Equal(head, await Store.Events.GetHeadAsync().WithTimeout());
    }

    [Fact]
    public async Task ReadAsync_CommittedEvents_EveryFieldAsSealedAscending()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var sealedEvents = new List<NodEvent>();
        for (var i = 0; i < 3; i++)
        {
            var set = await CommitOkAsync(s =>
            {
                s.AddMessage(Data.Message(conversation));
                s.AppendEvent(Data.UserMessage(conversation.Id), agent.Id, Data.Now());
                s.AddActivity(Data.Activity(agent.Id));
                s.AppendStatus(agent.Id, i % 2 == 0, Data.Now());
            });
            sealedEvents.AddRange(set.Events);
        }

        var app = await EventsAsync(EventAudience.App, agent.Id);
        var agentEvents = await EventsAsync(EventAudience.Agent, agent.Id);

        StoreAssert.Same(sealedEvents.Where(e => e.Audience == EventAudience.App), app);
        StoreAssert.Same(sealedEvents.Where(e => e.Audience == EventAudience.Agent), agentEvents);
        foreach (var e in app.Concat(agentEvents))
        {
            Assert.Equal(e.Seq, StoreAssert.PayloadSeq(e));
            Assert.Equal(e.Seq, e.Frame.Seq);
            Assert.Equal(e.Type, e.Frame.Type);
            StoreAssert.Utc(e.CreatedAt);
            Assert.Equal(0, e.CreatedAt.Ticks % TimeSpan.TicksPerMillisecond);
        }
    }

    [Fact]
    public async Task ReadAsync_Frames_ParseBackToTheSameFrames()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var decision = Data.Decision(agent.Id, conversation.Id);
        var resolved = Data.Resolved(decision with { Version = 1 });
        var set = await CommitOkAsync(s =>
        {
            s.AppendEvent(Data.UserMessage(conversation.Id, "evt_00000000000000aa"), agent.Id, Data.Now());
            s.AppendEvent(new IndicatorChangedFrame { AgentId = agent.Id, ConversationId = conversation.Id, Active = false, Reason = IndicatorReason.Timeout }, agent.Id, Data.Now());
            s.AppendRemoved(agent.Id, Data.Now());
        });
        var resolution = await CommitOkAsync(s =>
        {
            s.AppendEvent(DecisionResolvedFrame.From(resolved), agent.Id, Data.Now());
            s.AppendEvent(new DecisionUpdatedFrame { Decision = resolved }, agent.Id, Data.Now());
        });

        var read = await AllEventsAsync(agent.Id);

        var expected = set.Events.Concat(resolution.Events).ToList();
        Assert.Equal(expected.Count, read.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Frame.GetType(), read[i].Frame.GetType());
            Assert.Equal(StoreAssert.Json(expected[i].Frame), StoreAssert.Json(read[i].Frame));
        }

        Assert.IsType<DecisionResolvedFrame>(read[3].Frame);
        Assert.IsType<DecisionUpdatedFrame>(read[4].Frame);
    }

    [Fact]
    public async Task ReadAsync_AgentFrameWithEventId_KeepsThatEventId()
    {
        var (agent, conversation) = await AgentWithConversationAsync();

        await CommitOkAsync(s =>
        {
            s.AppendEvent(Data.UserMessage(conversation.Id, "evt_00000000000000ab"), agent.Id, Data.Now());
            s.AppendEvent(Data.UserMessage(conversation.Id), agent.Id, Data.Now());
        });

        var read = await EventsAsync(EventAudience.Agent, agent.Id);
        Assert.Equal(2, read.Count);
        Assert.Equal("evt_00000000000000ab", read[0].EventId);
        Assert.Equal("evt_00000000000000ab", ((AgentFrame)read[0].Frame).EventId);
        Assert.False(string.IsNullOrEmpty(read[1].EventId));
        Assert.NotEqual(read[0].EventId, read[1].EventId);
        Assert.Equal(read[1].EventId, ((AgentFrame)read[1].Frame).EventId);
    }

    [Fact]
    public async Task ReadAsync_Audience_OnlyThatAudience()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var set = await CommitOkAsync(s =>
        {
            s.AppendEvent(Data.UserMessage(conversation.Id), agent.Id, Data.Now());
            s.AddMessage(Data.MinimalMessage(conversation));
            s.AppendEvent(Data.UserMessage(conversation.Id), agent.Id, Data.Now());
            s.AppendStatus(agent.Id, true, Data.Now());
        });

        var agentEvents = await EventsAsync(EventAudience.Agent, agent.Id);
        var appEvents = await EventsAsync(EventAudience.App, agent.Id);

        Assert.Equal([set.Events[0].Seq, set.Events[2].Seq], agentEvents.Select(e => e.Seq));
        Assert.All(agentEvents, e => Assert.Equal(EventAudience.Agent, e.Audience));
        Assert.Equal([set.Events[1].Seq, set.Events[3].Seq], appEvents.Select(e => e.Seq));
        Assert.All(appEvents, e => Assert.Equal(EventAudience.App, e.Audience));
    }

    [Fact]
    public async Task ReadAsync_AgentIds_OnlyThoseAgents()
    {
        var agents = new[] { Data.Agent(), Data.Agent(), Data.Agent() };
        await CommitOkAsync(s =>
        {
            foreach (var a in agents)
            {
                s.PutAgent(a);
            }
        });
        var written = new List<NodEvent>();
        for (var i = 0; i < 3; i++)
        {
            var set = await CommitOkAsync(s =>
            {
                foreach (var a in agents)
                {
                    s.AppendStatus(a.Id, i % 2 == 0, Data.Now());
                }
            });
            written.AddRange(set.Events);
        }

        var asArray = await Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, new[] { agents[2].Id, agents[0].Id }, 50)).WithTimeout();
        var asSet = await Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, new HashSet<string> { agents[0].Id, agents[2].Id }, 50)).WithTimeout();
        var none = await Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, [], 50)).WithTimeout();

        var expected = written.Where(e => e.AgentId != agents[1].Id).ToList();
        StoreAssert.Same(expected, asArray);
        StoreAssert.Same(expected, asSet);
        Assert.Empty(none);
    }

    [Fact]
    public async Task ReadAsync_AfterSeq_OnlyLargerSeqAndExclusive()
    {
        var (agent, written) = await StatusEventsAsync(6);

        var after = await Store.Events.ReadAsync(new EventLogQuery(written[2].Seq, EventAudience.App, [agent], 50)).WithTimeout();
        var justBelow = await Store.Events.ReadAsync(new EventLogQuery(written[2].Seq - 1, EventAudience.App, [agent], 1)).WithTimeout();

        StoreAssert.Same(written.Skip(3), after);
        StoreAssert.Same(new[] { written[2] }, justBelow);
    }

    [Fact]
    public async Task ReadAsync_AfterHead_ReturnsNothing()
    {
        var (agent, written) = await StatusEventsAsync(3);
        var head = await Store.Events.GetHeadAsync().WithTimeout();

        Assert.Equal(written[^1].Seq, head);
        Assert.Empty(await Store.Events.ReadAsync(new EventLogQuery(head, EventAudience.App, [agent], 50)).WithTimeout());
        Assert.Empty(await Store.Events.ReadAsync(new EventLogQuery(head + 1000, EventAudience.App, [agent], 50)).WithTimeout());
    }

    [Fact]
    public async Task ReadAsync_AfterLongMaxValue_ReturnsNothing()
    {
        var (agent, _) = await StatusEventsAsync(3);

        Assert.Empty(await Store.Events.ReadAsync(new EventLogQuery(long.MaxValue, EventAudience.App, [agent], 50)).WithTimeout());
    }

    [Fact]
    public async Task ReadAsync_NegativeAfter_ReadsFromTheStart()
    {
        var (agent, written) = await StatusEventsAsync(3);

        StoreAssert.Same(written, await Store.Events.ReadAsync(new EventLogQuery(-1, EventAudience.App, [agent], 50)).WithTimeout());
    }

    [Fact]
    public async Task ReadAsync_Limit_OldestFirstAndCountsOnlyMatches()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var other = Data.Agent();
        await CommitOkAsync(s => s.PutAgent(other));
        var written = new List<NodEvent>();
        for (var i = 0; i < 5; i++)
        {
            var set = await CommitOkAsync(s =>
            {
                s.AppendStatus(other.Id, true, Data.Now());
                s.AppendEvent(Data.UserMessage(conversation.Id), agent.Id, Data.Now());
                s.AppendStatus(agent.Id, true, Data.Now());
            });
            written.Add(set.Events[2]);
        }

        var page = await Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, [agent.Id], 2)).WithTimeout();

        StoreAssert.Same(written.Take(2), page);
    }

    [Fact]
    public async Task ReadAsync_PagingWithLastSeqAsAfter_VisitsEveryEventOnceInOrder()
    {
        var (agent, written) = await StatusEventsAsync(10);

        var visited = new List<NodEvent>();
        long after = 0;
        while (true)
        {
            var page = await Store.Events.ReadAsync(new EventLogQuery(after, EventAudience.App, [agent], 3)).WithTimeout();
            Assert.True(page.Count <= 3);
            if (page.Count == 0)
            {
                break;
            }

            visited.AddRange(page);
            after = page[^1].Seq;
        }

        StoreAssert.Same(written, visited);
    }

    /// <summary>An agent and <paramref name="count"/> app events of it, interleaved with agent events; returns the app events.</summary>
    protected async Task<(string AgentId, IReadOnlyList<NodEvent> Written)> StatusEventsAsync(int count)
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var written = new List<NodEvent>();
        for (var i = 0; i < count; i++)
        {
            var set = await CommitOkAsync(s =>
            {
                s.AppendEvent(Data.UserMessage(conversation.Id), agent.Id, Data.Now());
                s.AppendStatus(agent.Id, i % 2 == 0, Data.Now());
            });
            written.Add(set.Events[1]);
        }

        return (agent.Id, written);
    }
}
