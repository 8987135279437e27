using Nod.Core.Tests.Infrastructure;
using Nod.Storage;

namespace Nod.Core.Tests.Clients;

/// <summary>
/// A subscription or stream its owner disposed ends at once, even while it still had history to catch up on from the
/// store: reading it afterwards sees the end, not more events.
/// </summary>
public sealed class DisposedSubscriptionTests
{
    [Fact]
    public async Task UserStream_ResumingFromTheStart_DisposedBeforeReading_ReadsNothing()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using (agent)
        {
            await agent.SendMessageAsync("history").Within();
            var stream = await user.SubscribeAsync(after: 0).Within();

            await stream.DisposeAsync().Within();

            Assert.Empty(await ReadAll(stream.ReadAllAsync()));
        }
    }

    [Fact]
    public async Task AgentUpdates_ResumingFromTheStart_DisposedBeforeReading_SeesTheEnd()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using (agent)
        {
            await user.SendMessageAsync(agent.DefaultConversationId!, "hello").Within();
            var updates = agent.SubscribeUpdates(after: 0);

            await updates.DisposeAsync().Within();

            Assert.False(await updates.WaitToReadAsync().AsTask().Within());
            Assert.False(updates.TryRead(out _));
        }
    }

    [Fact]
    public async Task UserStream_DisposedWhileCatchingUp_StopsBeforeTheRestOfTheHistory()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using (agent)
        {
            for (var i = 0; i < 300; i++)
            {
                await agent.AlertAsync($"step {i}").Within();
            }

            var stream = await user.SubscribeAsync(after: 0).Within();
            var subscription = stream.Subscription;
            Assert.True(await subscription.WaitToReadAsync().AsTask().Within());
            Assert.True(subscription.TryRead(out _));

            await stream.DisposeAsync().Within();

            Assert.False(subscription.TryRead(out _));
            Assert.False(await subscription.WaitToReadAsync().AsTask().Within());
        }
    }

    private static async Task<List<NodEvent>> ReadAll(IAsyncEnumerable<NodEvent> events)
    {
        var read = new List<NodEvent>();
        await foreach (var nodEvent in events.WithCancellation(TestTimeouts.Token()))
        {
            read.Add(nodEvent);
        }

        return read;
    }
}
