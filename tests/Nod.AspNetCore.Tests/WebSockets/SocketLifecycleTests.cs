using System.Net.WebSockets;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;

namespace Nod.AspNetCore.Tests.WebSockets;

/// <summary>Connection lifecycle: online while a socket is open, indicators cleared by the last close, revocation, dead peers, shutdown.</summary>
public sealed class SocketLifecycleTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private NodWebHost Host => shared.Host;

    [Fact]
    public async Task Lifecycle_OnlineWhileOneSocketIsOpen_OfflineAndIndicatorsClearedWhenTheLastCloses()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        var one = await Host.ConnectAsync(agent);
        var two = await Host.ConnectAsync(agent);
        Assert.True((await stream.Subscription.NextAsync<AgentStatusFrame>(f => f.AgentId == agent.AgentId)).Online);

        var ack = await one.RequestAsync("""{"type":"processing_start","status_text":"Working"}""", "p");
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.True((await stream.Subscription.NextAsync<IndicatorChangedFrame>()).Active);

        // The server answers a close only once the connection is released, so what follows is settled.
        await one.CloseAsync().Within();
        Assert.True((await user.GetAgentAsync(agent.AgentId).Within()).Online);
        Assert.Single(user.GetIndicators(), i => i.AgentId == agent.AgentId);

        await two.CloseAsync().Within();
        Assert.False((await user.GetAgentAsync(agent.AgentId).Within()).Online);
        Assert.DoesNotContain(user.GetIndicators(), i => i.AgentId == agent.AgentId);
        var cleared = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.False(cleared.Active);
        Assert.Equal(IndicatorReason.Disconnected, cleared.Reason);
        Assert.False((await stream.Subscription.NextAsync<AgentStatusFrame>(f => f.AgentId == agent.AgentId)).Online);
        one.Socket.Dispose();
        two.Socket.Dispose();
    }

    [Fact]
    public async Task Lifecycle_PeerVanishesWithoutClosing_AgentGoesOffline()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        var socket = await Host.ConnectAsync(agent);
        Assert.True((await stream.Subscription.NextAsync<AgentStatusFrame>(f => f.AgentId == agent.AgentId)).Online);

        socket.Socket.Abort();
        socket.Socket.Dispose();

        Assert.False((await stream.Subscription.NextAsync<AgentStatusFrame>(f => f.AgentId == agent.AgentId)).Online);
    }

    [Fact]
    public async Task Lifecycle_SecretRotated_ClosesEverySocketWith4003AndOnlyTheNewSecretWorks()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        await using var one = await Host.ConnectAsync(agent);
        await using var two = await Host.ConnectAsync(agent);

        var secret = await user.RotateSecretAsync(agent.AgentId).Within();

        foreach (var socket in new[] { one, two })
        {
            var (status, reason) = await socket.ReceiveCloseAsync();
            Assert.Equal(4003, (int)status!);
            Assert.Contains("rotated", reason);
        }

        await using var old = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId));
        await old.SendTextAsync($$"""{"type":"auth","secret":"{{agent.Secret}}"}""");
        Assert.Equal(4003, (int)(await old.ReceiveCloseAsync()).Status!);
        Assert.Equal(401, (await Host.PostEventAsync(agent, """{"type":"alert","title":"x"}""")).Status);
        await using var renewed = await Host.ConnectAsync(agent with { Secret = secret });
        Assert.Equal(200, (await Host.PostEventAsync(agent with { Secret = secret }, """{"type":"alert","title":"x"}""")).Status);
    }

    [Fact]
    public async Task Lifecycle_AgentDeleted_ClosesTheSocketWith4003()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        await user.DeleteAgentAsync(agent.AgentId).Within();
        var (status, _) = await socket.ReceiveCloseAsync();

        Assert.Equal(4003, (int)status!);
    }

    [Fact]
    public async Task Lifecycle_PeerStopsAnsweringPings_IsDroppedAfterTheIdleTimeout()
    {
        await using var host = await NodWebHost.StartAsync(http: o =>
        {
            o.WebSocketKeepAliveInterval = TimeSpan.FromMilliseconds(100);
            o.WebSocketIdleTimeout = TimeSpan.FromMilliseconds(400);
        });
        var (user, agent) = await host.CreateAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        // A client answers pings only while it reads; this one authenticates, then never reads again.
        var socket = await AgentSocket.ConnectAsync(host.SocketUri(agent.AgentId), o => o.KeepAliveInterval = TimeSpan.Zero);
        await socket.AuthenticateAsync(agent.Secret);
        Assert.True((await stream.Subscription.NextAsync<AgentStatusFrame>(f => f.AgentId == agent.AgentId)).Online);

        Assert.False((await stream.Subscription.NextAsync<AgentStatusFrame>(f => f.AgentId == agent.AgentId)).Online);
        socket.Socket.Dispose();
    }

    [Fact]
    public async Task Lifecycle_HostStopping_ClosesSocketsWith1001()
    {
        var host = await NodWebHost.StartAsync();
        var (_, agent) = await host.CreateAgentAsync();
        var socket = await host.ConnectAsync(agent);

        var stopping = host.DisposeAsync().AsTask();
        var (status, _) = await socket.ReceiveCloseAsync();
        await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeouts.Token());
        await stopping.Within();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        socket.Socket.Dispose();
    }
}
