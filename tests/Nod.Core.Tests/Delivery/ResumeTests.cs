using Nod.Core.Tests.Infrastructure;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.Core.Tests.Delivery;

/// <summary>Reading updates after any seq yields no gap and no duplicate (REST polling, agent stream, app stream).</summary>
public sealed class ResumeTests
{
    [Fact]
    public async Task AgentUpdatesPolling_AfterEverySeq_ReturnsExactlyTheRest()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        for (var i = 0; i < 30; i++)
        {
            await user.SendMessageAsync(agent.DefaultConversationId!, $"u{i}").Within();
        }

        var log = await ReadAllAsync(agent, after: 0, pageSize: 100);
        Assert.Equal(30, log.Count);
        Assert.Equal(log.Order(), log);

        foreach (var after in new long[] { 0 }.Concat(log))
        {
            foreach (var pageSize in new[] { 1, 7, 100 })
            {
                Assert.Equal(log.Where(s => s > after), await ReadAllAsync(agent, after, pageSize));
            }
        }
    }

    [Fact]
    public async Task AgentStream_ResumeAfterAnySeq_ReplaysThenContinuesLive()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        for (var i = 0; i < 20; i++)
        {
            await user.SendMessageAsync(agent.DefaultConversationId!, $"u{i}").Within();
        }

        var log = await ReadAllAsync(agent, 0, 100);
        foreach (var after in new long[] { 0 }.Concat(log))
        {
            await using var updates = agent.SubscribeUpdates(after);
            var expected = log.Where(s => s > after).ToList();
            var got = new List<long>();
            while (got.Count < expected.Count)
            {
                got.Add((await updates.NextAsync()).Seq);
            }

            Assert.Equal(expected, got);
        }

        // A stream resumed mid-way keeps going live with nothing repeated.
        await using var resumed = agent.SubscribeUpdates(log[10]);
        for (var i = 11; i < log.Count; i++)
        {
            Assert.Equal(log[i], (await resumed.NextAsync()).Seq);
        }

        var live = await user.SendMessageAsync(agent.DefaultConversationId!, "live").Within();
        var next = (UserMessageFrame)(await resumed.NextAsync()).Frame;
        Assert.Equal(live.Id, next.MessageId);
    }

    [Fact]
    public async Task AppStream_ResumeWhileEventsKeepComing_HasNoGapAndNoDuplicate()
    {
        await using var host = await NodTestHost.StartAsync(o => o.SubscriberBufferSize = 16);
        var (user, agent, _) = await host.UserWithAgentAsync();
        for (var i = 0; i < 50; i++)
        {
            await agent.SendMessageAsync($"before {i}").Within();
        }

        var resumeAt = (await host.Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, [agent.AgentId], 40)).Within())[^1].Seq;
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await agent.SendMessageAsync($"during {i}");
            }

            return await agent.SendMessageAsync("last");
        });

        await using var stream = await user.SubscribeAsync(after: resumeAt).Within();
        var lastId = await producer.Within();
        var seen = new List<long>();
        while (true)
        {
            var next = await stream.Subscription.NextAsync();
            seen.Add(next.Seq);
            if (next.Frame is MessageCreatedFrame m && m.Message.Id == lastId)
            {
                break;
            }
        }

        var expected = (await host.Store.Events.ReadAsync(new EventLogQuery(resumeAt, EventAudience.App, [agent.AgentId], 10_000)).Within())
            .Select(e => e.Seq).Where(s => s <= seen[^1]).ToList();
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task AppStream_SnapshotSeq_IsWhereTheLiveStreamContinues()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await agent.SendMessageAsync("old").Within();

        await using var stream = await user.SubscribeAsync().Within();
        var head = await host.Store.Events.GetHeadAsync().Within();
        Assert.Equal(head, stream.Snapshot.Seq);

        await agent.SendMessageAsync("new").Within();
        var next = await stream.Subscription.NextAsync();
        Assert.True(next.Seq > stream.Snapshot.Seq);
        Assert.Equal("new", Assert.IsType<MessageCreatedFrame>(next.Frame).Message.Text);
    }

    private static async Task<List<long>> ReadAllAsync(NodAgentClient agent, long after, int pageSize)
    {
        var seqs = new List<long>();
        while (true)
        {
            var page = await agent.GetUpdatesAsync(after, pageSize).Within();
            if (page.Count == 0)
            {
                return seqs;
            }

            seqs.AddRange(page.Select(e => e.Seq));
            after = page[^1].Seq;
        }
    }
}
