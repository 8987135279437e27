using Microsoft.Extensions.DependencyInjection;
using Nod.Core.Tests.Infrastructure;
using Nod.Fanout;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.Core.Tests.Delivery;

/// <summary>Catching up from the store: paged, woken when a reader parked at the wrong moment, exact after access changes.</summary>
public sealed class CatchUpTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PublisherThatFails_SubscribersCatchUpFromTheStore_NothingLostNothingTwice(bool sharedWakeUps)
    {
        var publisher = new FailingPublisher();
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodEventPublisher>(sp =>
            publisher.Wrap(sp.GetRequiredService<LocalEventPublisher>())));
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        await using var updates = agent.SubscribeUpdates();
        if (sharedWakeUps)
        {
            stream.Subscription.UseSharedWakeUps();
        }

        // The reader is parked on an empty buffer. Nothing reaches it while the backplane is down, and a reader that
        // must catch up is offered nothing more: unless the failure itself wakes it, it waits forever.
        var parked = stream.Subscription.WaitToReadAsync().AsTask();
        publisher.Failing = true;
        await agent.SendMessageAsync("during the outage").Within();
        await user.SendMessageAsync(agent.DefaultConversationId!, "to the agent during the outage").Within();
        publisher.Failing = false;

        Assert.True(await parked.Within());
        Assert.Equal(["during the outage", "to the agent during the outage"], await ReadMessagesAsync(stream.Subscription, 2));
        Assert.Equal("to the agent during the outage", (await updates.NextAsync<UserMessageFrame>()).Text);

        await agent.SendMessageAsync("after").Within();
        Assert.Equal(["after"], await ReadMessagesAsync(stream.Subscription, 1));
    }

    [Theory]
    [InlineData(MessageCreatedFrame.TypeName, false)]
    [InlineData(ActivityCreatedFrame.TypeName, false)]
    [InlineData(MessageCreatedFrame.TypeName, true)]
    [InlineData(ActivityCreatedFrame.TypeName, true)]
    public async Task PublisherThatFailsOneEventOfACommit_ReaderGetsEveryEventOfItOnceInSeqOrder(string failedType, bool sharedWakeUps)
    {
        // One agent message commits message_created and activity_created together; the backplane drops only one.
        var publisher = new FailingPublisher { FailsOnly = failedType };
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodEventPublisher>(sp =>
            publisher.Wrap(sp.GetRequiredService<LocalEventPublisher>())));
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        if (sharedWakeUps)
        {
            stream.Subscription.UseSharedWakeUps();
        }

        var parked = stream.Subscription.WaitToReadAsync().AsTask();
        publisher.Failing = true;
        await agent.SendMessageAsync("half delivered").Within();
        publisher.Failing = false;
        await agent.SendMessageAsync("after").Within();

        Assert.True(await parked.Within());
        var received = new List<NodEvent>();
        while (received.Count < 4)
        {
            received.Add(await stream.Subscription.NextAsync());
        }

        Assert.Equal(
            [MessageCreatedFrame.TypeName, ActivityCreatedFrame.TypeName, MessageCreatedFrame.TypeName, ActivityCreatedFrame.TypeName],
            received.Select(e => e.Type));
        Assert.Equal(received.Select(e => e.Seq).Order(), received.Select(e => e.Seq));
        Assert.Equal(4, received.Select(e => e.Seq).Distinct().Count());
        Assert.Equal(["half delivered", "after"], received.Select(e => e.Frame).OfType<MessageCreatedFrame>().Select(f => f.Message.Text));
    }

    [Fact]
    public async Task BacklogOfManyPages_WhileMoreArrives_IsReadInSeqOrderWithoutGapOrDuplicate()
    {
        const int Messages = 700;
        await using var host = await NodTestHost.StartAsync(o => o.SubscriberBufferSize = 4);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        // Half is a backlog of several store pages before the reader starts; the other half arrives while it reads.
        for (var i = 0; i < Messages / 2; i++)
        {
            await agent.SendMessageAsync($"m{i}").Within();
        }

        var writer = Task.Run(async () =>
        {
            for (var i = Messages / 2; i < Messages; i++)
            {
                await agent.SendMessageAsync($"m{i}");
            }
        });

        var texts = await ReadMessagesAsync(stream.Subscription, Messages);
        await writer.Within();
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"m{i}"), texts);
    }

    [Fact]
    public async Task LongBacklog_IsHeldInMemoryOnePageAtATime()
    {
        await using var host = await NodTestHost.StartAsync(o => o.SubscriberBufferSize = 4);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        for (var i = 0; i < 400; i++)
        {
            await agent.SendMessageAsync($"m{i}").Within();
        }

        var read = 0;
        var mostHeld = 0;
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (read < 400 && await stream.Subscription.WaitToReadAsync(timeout.Token))
        {
            mostHeld = Math.Max(mostHeld, stream.Subscription.CaughtUpCount);
            while (stream.Subscription.TryRead(out var next))
            {
                read += next.Frame is MessageCreatedFrame ? 1 : 0;
            }
        }

        Assert.Equal(400, read);
        Assert.InRange(mostHeld, 1, 256);
    }

    [Fact]
    public async Task UnsharedWhileTheReaderIsBehind_TheReaderStillGetsAgentRemoved_AndNothingOfTheAgentAfterIt()
    {
        await using var host = await NodTestHost.StartAsync(o => o.SubscriberBufferSize = 4);
        var (alice, agent, credentials) = await host.UserWithAgentAsync();
        await alice.ShareAgentAsync(credentials.AgentId, "bob").Within();
        var bob = host.Nod.ForUser("bob", "Bob");
        await using var stream = await bob.SubscribeAsync().Within();

        // Bob does not read: his buffer overflows, so he will catch up from the store after losing access.
        for (var i = 0; i < 20; i++)
        {
            await agent.SendMessageAsync($"m{i}").Within();
        }

        await alice.UnshareAgentAsync(credentials.AgentId, "bob").Within();
        await agent.SendMessageAsync("only for alice").Within();

        var texts = new List<string>();
        while (true)
        {
            var next = await stream.Subscription.NextAsync();
            if (next.Frame is MessageCreatedFrame created)
            {
                texts.Add(created.Message.Text!);
            }
            else if (next.Frame is AgentRemovedFrame removed)
            {
                Assert.Equal("bob", removed.UserId);
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m{i}"), texts);

        // Nothing of the agent follows; a later event of Bob's own arrives next.
        var (_, own, _) = await host.UserWithAgentAsync("bob");
        await own.SendMessageAsync("bob's own").Within();
        var after = await stream.Subscription.NextAsync();
        Assert.NotEqual(credentials.AgentId, after.AgentId);
    }

    [Fact]
    public async Task UnsharedThenSharedAgain_WhileBehind_EveryEventOfBothPeriodsArrives()
    {
        await using var host = await NodTestHost.StartAsync(o => o.SubscriberBufferSize = 4);
        var (alice, agent, credentials) = await host.UserWithAgentAsync();
        await alice.ShareAgentAsync(credentials.AgentId, "bob").Within();
        var bob = host.Nod.ForUser("bob", "Bob");
        await using var stream = await bob.SubscribeAsync().Within();

        for (var i = 0; i < 10; i++)
        {
            await agent.SendMessageAsync($"before{i}").Within();
        }

        await alice.UnshareAgentAsync(credentials.AgentId, "bob").Within();
        await alice.ShareAgentAsync(credentials.AgentId, "bob").Within();
        for (var i = 0; i < 10; i++)
        {
            await agent.SendMessageAsync($"again{i}").Within();
        }

        var expected = Enumerable.Range(0, 10).Select(i => $"before{i}").Concat(Enumerable.Range(0, 10).Select(i => $"again{i}"));
        Assert.Equal(expected, await ReadMessagesAsync(stream.Subscription, 20));
    }

    [Fact]
    public async Task AgentResumingAfterASeqBeyondTheLog_StillReceivesWhatComesNext()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var updates = agent.SubscribeUpdates(after: 1_000_000);

        await user.SendMessageAsync(agent.DefaultConversationId!, "hello").Within();

        Assert.Equal("hello", (await updates.NextAsync<UserMessageFrame>()).Text);
    }

    private static async Task<List<string>> ReadMessagesAsync(NodSubscription subscription, int count)
    {
        var texts = new List<string>();
        long last = 0;
        while (texts.Count < count)
        {
            var next = await subscription.NextAsync();
            Assert.True(next.Seq > last, $"seq {next.Seq} after {last}");
            last = next.Seq;
            if (next.Frame is MessageCreatedFrame created)
            {
                texts.Add(created.Message.Text!);
            }
        }

        return texts;
    }

    /// <summary>A backplane that, while <see cref="Failing"/>, throws without delivering (only events of type <see cref="FailsOnly"/>, when set).</summary>
    private sealed class FailingPublisher
    {
        public volatile bool Failing;

        public string? FailsOnly { get; init; }

        public INodEventPublisher Wrap(LocalEventPublisher local) => new Publisher(this, local);

        private sealed class Publisher(FailingPublisher owner, LocalEventPublisher local) : INodEventPublisher
        {
            public void Publish(NodEvent committed)
            {
                if (owner.Failing && (owner.FailsOnly is null || owner.FailsOnly == committed.Type))
                {
                    throw new InvalidOperationException("backplane down");
                }

                local.Publish(committed);
            }
        }
    }
}
