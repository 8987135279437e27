using Nod.Core.Tests.Infrastructure;
using Nod.Fanout;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.Core.Tests.Delivery;

/// <summary>
/// Readers with shared wake-ups (<see cref="NodSubscription.UseSharedWakeUps"/>, what <c>/ws/app</c> pumps use): the
/// same guarantees as any reader — every event once, in seq order, nothing lost when behind, the end seen — while
/// parked readers are resumed together.
/// </summary>
public sealed class SharedWakeUpTests
{
    [Fact]
    public async Task ManyParkedReaders_ConcurrentPublishers_EachGetsEveryEventOnceInSeqOrder()
    {
        const int Readers = 100;
        const int Publishers = 4;
        const int MessagesEach = 40;
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var streams = new List<NodUserStream>();
        for (var i = 0; i < Readers; i++)
        {
            var stream = await user.SubscribeAsync().Within();
            stream.Subscription.UseSharedWakeUps();
            streams.Add(stream);
        }

        var reading = streams.Select(s => ReadMessagesAsync(s.Subscription, Publishers * MessagesEach)).ToList();
        var sent = await host.SendConcurrentlyAsync(agent, credentials, Publishers, MessagesEach);

        foreach (var received in await Task.WhenAll(reading).Within())
        {
            Assert.Equal(sent.Order(), received.Order());
        }

        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task OneAgentMessage_WakesAParkedReaderOnce_WithAllOfItsEvents()
    {
        // One message is message_created and activity_created: a socket pump sends both in one write only if it finds
        // both when it wakes.
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        stream.Subscription.UseSharedWakeUps();

        var parked = stream.Subscription.WaitToReadAsync();
        Assert.False(parked.IsCompleted);
        await agent.SendMessageAsync("deployed").Within();
        Assert.True(await parked.Within());

        Assert.True(stream.Subscription.TryRead(out var first));
        Assert.True(stream.Subscription.TryRead(out var second));
        Assert.IsType<MessageCreatedFrame>(first.Frame);
        Assert.IsType<ActivityCreatedFrame>(second.Frame);
    }

    [Fact]
    public async Task ParkedReaderThatFallsBehind_CatchesUpWithoutGapOrDuplicate_ThenContinuesLive()
    {
        const int Messages = 100;
        await using var host = await NodTestHost.StartAsync(o => o.SubscriberBufferSize = 8);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        stream.Subscription.UseSharedWakeUps();

        var parked = stream.Subscription.WaitToReadAsync();
        Assert.False(parked.IsCompleted);
        var sent = new List<string>();
        for (var i = 0; i < Messages; i++)
        {
            sent.Add(await agent.SendMessageAsync($"m{i}").Within());
        }

        Assert.True(await parked.Within());
        Assert.Equal(sent, await ReadMessagesAsync(stream.Subscription, Messages).Within());

        var after = await agent.SendMessageAsync("after").Within();
        Assert.Equal([after], await ReadMessagesAsync(stream.Subscription, 1).Within());
    }

    [Fact]
    public async Task ParkedReader_SeesTheEnd_WhenTheSubscriptionIsDisposedFromAnotherThread()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, _, _) = await host.UserWithAgentAsync();
        var stream = await user.SubscribeAsync().Within();
        stream.Subscription.UseSharedWakeUps();

        var parked = stream.Subscription.WaitToReadAsync();
        Assert.False(parked.IsCompleted);
        await Task.Run(async () => await stream.DisposeAsync()).Within();

        await parked.Within();
        Assert.False(await stream.Subscription.WaitToReadAsync().Within());
    }

    [Fact]
    public async Task ParkedReader_SeesTheEnd_WhenNodStops()
    {
        var host = await NodTestHost.StartAsync();
        var (user, _, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        stream.Subscription.UseSharedWakeUps();
        var reading = ReadToTheEndAsync(stream.Subscription);

        await host.DisposeAsync();

        await reading.Within();
    }

    [Fact]
    public async Task AWaitWithAToken_CanBeCanceled_AndTheReaderStillGetsWhatComesNext()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        stream.Subscription.UseSharedWakeUps();
        using var cancel = new CancellationTokenSource();

        var waiting = stream.Subscription.WaitToReadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).Within();

        var sent = await agent.SendMessageAsync("next").Within();
        Assert.Equal([sent], await ReadMessagesAsync(stream.Subscription, 1).Within());
    }

    [Fact]
    public async Task ASecondWaitBeforeTheFirstCompleted_ThrowsOnTheReader_AndTheFirstStillCompletes()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        stream.Subscription.UseSharedWakeUps();

        var first = stream.Subscription.WaitToReadAsync();
        void WaitAgain() => _ = stream.Subscription.WaitToReadAsync().AsTask();
        var error = Assert.Throws<InvalidOperationException>(WaitAgain);
        Assert.Contains("await each WaitToReadAsync", error.Message, StringComparison.Ordinal);

        var sent = await agent.SendMessageAsync("next").Within();
        Assert.True(await first.Within());
        Assert.Equal([sent], await ReadMessagesAsync(stream.Subscription, 1).Within());
    }

    [Fact]
    public async Task ParkedReader_WokenByOnePublisherOnly_TheWakeUpResumesIt()
    {
        var reader = new ParkedReader();
        reader.Park();
        var waiting = reader.WaitAsync();

        Assert.True(reader.TryClaim());
        Assert.False(reader.TryClaim());
        Assert.False(reader.TryUnpark());
        Assert.False(waiting.IsCompleted);

        reader.Wake();
        Assert.True(await waiting.Within());
    }

    [Fact]
    public void ParkTakenBackByTheReader_CannotBeClaimed()
    {
        var reader = new ParkedReader();
        reader.Park();

        Assert.True(reader.TryUnpark());
        Assert.False(reader.TryClaim());
    }

    [Fact]
    public async Task WakeUpBatch_ResumesEveryReaderItWasGiven()
    {
        var batch = new WakeUpBatch();
        var readers = Enumerable.Range(0, 500).Select(_ => new ParkedReader()).ToList();
        var waits = new List<Task<bool>>();
        foreach (var reader in readers)
        {
            reader.Park();
            waits.Add(reader.WaitAsync().AsTask());
            Assert.True(reader.TryClaim());
            batch.Add(reader);
        }

        batch.Dispatch();

        Assert.All(await Task.WhenAll(waits).Within(), Assert.True);
    }

    /// <summary>Reads message ids the way a socket pump does: waits without a token (the test bounds the whole read).</summary>
    private static async Task<List<string>> ReadMessagesAsync(NodSubscription subscription, int count)
    {
        var ids = new List<string>();
        long lastSeq = 0;
        while (ids.Count < count && await subscription.WaitToReadAsync())
        {
            while (ids.Count < count && subscription.TryRead(out var nodEvent))
            {
                Assert.True(nodEvent.Seq > lastSeq, $"seq {nodEvent.Seq} after {lastSeq}");
                lastSeq = nodEvent.Seq;
                if (nodEvent.Frame is MessageCreatedFrame created)
                {
                    ids.Add(created.Message.Id);
                }
            }
        }

        return ids;
    }

    private static async Task ReadToTheEndAsync(NodSubscription subscription)
    {
        while (await subscription.WaitToReadAsync())
        {
            while (subscription.TryRead(out _))
            {
            }
        }
    }
}
