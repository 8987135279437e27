using Nod.Core.Tests.Infrastructure;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.Core.Tests.Delivery;

/// <summary>Invariant 3: every subscriber gets every event exactly once, in seq order; a slow one loses nothing and slows nobody.</summary>
public sealed class FanoutTests
{
    [Fact]
    public async Task ConcurrentPublishers_ManySubscribers_EachGetsEveryEventOnceInSeqOrder()
    {
        const int Publishers = 8;
        const int MessagesEach = 50;
        const int Subscribers = 6;
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var streams = new List<NodUserStream>();
        for (var i = 0; i < Subscribers; i++)
        {
            streams.Add(await user.SubscribeAsync().Within());
        }

        var sent = await host.SendConcurrentlyAsync(agent, credentials, Publishers, MessagesEach);

        foreach (var stream in streams)
        {
            var received = new List<string>();
            long lastSeq = 0;
            while (received.Count < Publishers * MessagesEach)
            {
                var next = await stream.Subscription.NextAsync();
                Assert.True(next.Seq > lastSeq, $"seq {next.Seq} after {lastSeq}");
                lastSeq = next.Seq;
                if (next.Frame is MessageCreatedFrame created)
                {
                    received.Add(created.Message.Id);
                }
            }

            Assert.Equal(sent.Order(), received.Order());
            Assert.Equal(received.Count, received.Distinct().Count());
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task SubscriberThatNeverReads_DoesNotSlowOthers_AndLaterReceivesEverythingItMissed()
    {
        const int Messages = 300;
        await using var host = await NodTestHost.StartAsync(o => o.SubscriberBufferSize = 8);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stalled = await user.SubscribeAsync().Within();
        await using var live = await user.SubscribeAsync().Within();

        var liveReader = Task.Run(async () =>
        {
            var seqs = new List<long>();
            while (seqs.Count < Messages)
            {
                var next = await live.Subscription.NextAsync();
                if (next.Frame is MessageCreatedFrame)
                {
                    seqs.Add(next.Seq);
                }
            }

            return seqs;
        });
        for (var i = 0; i < Messages; i++)
        {
            await agent.SendMessageAsync($"m{i}").Within();
        }

        var liveSeqs = await liveReader.Within();
        Assert.Equal(Messages, liveSeqs.Count);

        // The stalled reader's buffer overflowed long ago; now it reads everything, from the store then live.
        var expected = (await AppEventSeqsAsync(host, agent.AgentId)).Where(seq => seq > stalled.Snapshot.Seq).ToList();
        var caughtUp = new List<long>();
        while (caughtUp.Count < expected.Count)
        {
            caughtUp.Add((await stalled.Subscription.NextAsync()).Seq);
        }

        Assert.Equal(expected, caughtUp);

        // And it continues live afterwards, with no duplicate.
        await agent.SendMessageAsync("after").Within();
        var next = await stalled.Subscription.NextAsync<MessageCreatedFrame>();
        Assert.Equal("after", next.Message.Text);
    }

    [Fact]
    public async Task AgentSubscriberThatFallsBehind_CatchesUpWithoutGapOrDuplicate()
    {
        const int Messages = 100;
        await using var host = await NodTestHost.StartAsync(o => o.SubscriberBufferSize = 4);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var updates = agent.SubscribeUpdates();

        for (var i = 0; i < Messages; i++)
        {
            await user.SendMessageAsync(agent.DefaultConversationId!, $"u{i}").Within();
        }

        var texts = new List<string?>();
        long last = 0;
        while (texts.Count < Messages)
        {
            var next = await updates.NextAsync();
            Assert.True(next.Seq > last);
            last = next.Seq;
            texts.Add(((UserMessageFrame)next.Frame).Text);
        }

        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"u{i}"), texts);
    }

    [Fact]
    public async Task SubscriberThatFallsBehindAgainAfterCatchingUp_CatchesUpAgainWithoutGapOrDuplicate()
    {
        await using var host = await NodTestHost.StartAsync(o => o.SubscriberBufferSize = 4);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        var read = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            // Each round overflows the buffer while nobody reads, then reads everything: store first, then live.
            for (var i = 0; i < 20; i++)
            {
                await agent.SendMessageAsync($"r{round}-m{i}").Within();
            }

            var expected = (await AppEventSeqsAsync(host, agent.AgentId)).Where(seq => seq > stream.Snapshot.Seq).ToList();
            while (read.Count < expected.Count)
            {
                read.Add((await stream.Subscription.NextAsync()).Seq);
            }

            Assert.Equal(expected, read);
        }

        await agent.SendMessageAsync("live").Within();
        Assert.Equal("live", (await stream.Subscription.NextAsync<MessageCreatedFrame>()).Message.Text);
    }

    [Fact]
    public async Task Payload_IsSerializedOnce_SameBytesForEverySubscriber()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var first = await user.SubscribeAsync().Within();
        await using var second = await user.SubscribeAsync().Within();

        await agent.SendMessageAsync("once").Within();

        var a = await first.Subscription.NextAsync();
        var b = await second.Subscription.NextAsync();
        Assert.Same(a, b);
        Assert.True(a.Payload.Span.SequenceEqual(b.Payload.Span));
    }

    private static async Task<List<long>> AppEventSeqsAsync(NodTestHost host, string agentId)
    {
        var all = new List<long>();
        long after = 0;
        while (true)
        {
            var page = await host.Store.Events.ReadAsync(new EventLogQuery(after, EventAudience.App, [agentId], 500)).Within();
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page.Select(e => e.Seq));
            after = page[^1].Seq;
        }
    }
}
