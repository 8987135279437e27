using Nod.Core.Tests.Engine;
using Nod.Core.Tests.Infrastructure;

namespace Nod.Core.Tests.Clients;

/// <summary>
/// An agent client its owner disposed refuses further calls with <see cref="ObjectDisposedException"/> (nothing is sent),
/// and every <see cref="NodAgentClient.DisposeAsync"/>, concurrent ones included, returns once the connection is closed.
/// </summary>
public sealed class DisposedAgentClientTests
{
    [Fact]
    public async Task ConnectedClient_AfterDispose_CallsThrowObjectDisposed_AndNothingIsSent()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var conversationId = agent.DefaultConversationId!;
        await agent.DisposeAsync().Within();

        Assert.IsType<ObjectDisposedException>(await EngineTestKit.Record(() => agent.SendMessageAsync("after dispose")));
        Assert.IsType<ObjectDisposedException>(await EngineTestKit.Record(() => agent.RequestDecisionAsync(EngineTestKit.Approval())));
        Assert.IsType<ObjectDisposedException>(await EngineTestKit.Record(() => agent.GetTasksAsync()));
        Assert.IsType<ObjectDisposedException>(await EngineTestKit.Record(() => agent.GetUpdatesAsync()));
        Assert.IsType<ObjectDisposedException>(await EngineTestKit.Record(() => agent.GetLatestSeqAsync()));
        Assert.Throws<ObjectDisposedException>(() => agent.SubscribeUpdates());

        Assert.Empty((await user.GetMessagesAsync(conversationId).Within()).Items);
        Assert.Empty((await user.GetDecisionsAsync().Within()).Items);
    }

    [Fact]
    public async Task AuthenticatedClient_AfterDispose_CallsThrowObjectDisposed()
    {
        await using var host = await NodTestHost.StartAsync();
        var (_, connected, credentials) = await host.UserWithAgentAsync();
        await using (connected)
        {
            var agent = host.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret);
            await agent.DisposeAsync().Within();

            Assert.IsType<ObjectDisposedException>(await EngineTestKit.Record(() => agent.AlertAsync("after dispose")));
        }
    }

    [Fact]
    public async Task DisposeAsync_Twice_IsHarmless()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();

        await agent.DisposeAsync().Within();
        await agent.DisposeAsync().Within();

        Assert.False((await user.GetAgentAsync(credentials.AgentId).Within()).Online);
    }

    [Fact]
    public async Task DisposeAsync_CalledConcurrently_EveryCallReturnsOnlyOnceTheAgentIsOffline()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();

        var hold = await EngineHold.StartAsync(host);
        var first = agent.DisposeAsync().AsTask();
        var second = agent.DisposeAsync().AsTask();
        var secondReturnedEarly = second.IsCompleted;
        await hold.ReleaseAsync();

        Assert.False(secondReturnedEarly);

        await Task.WhenAll(first, second).Within();
        Assert.False((await user.GetAgentAsync(credentials.AgentId).Within()).Online);
    }
}
