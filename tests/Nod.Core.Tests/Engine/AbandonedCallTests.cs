using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Engine;

/// <summary>A caller that stops waiting for a connection or a stream it asked for leaves nothing open behind.</summary>
public sealed class AbandonedCallTests
{
    [Fact]
    public async Task ConnectAgent_CancelledAfterItWasQueued_TheConnectionIsClosedAgain()
    {
        var gate = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: gate.Register);
        var user = host.Nod.ForUser("alice", "Alice");
        var credentials = await user.CreateAgentAsync(new CreateAgentRequest { Name = "A" }).Within();
        await using var stream = await user.SubscribeAsync().Within();

        var held = gate.HoldNextCommit();
        using var cancel = new CancellationTokenSource();
        var connecting = host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret, cancel.Token);
        await held.Within();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting.Within());
        gate.Release();

        Assert.True((await stream.Subscription.NextAsync<AgentStatusFrame>()).Online);
        Assert.False((await stream.Subscription.NextAsync<AgentStatusFrame>()).Online);
        Assert.False((await user.GetAgentAsync(credentials.AgentId).Within()).Online);
    }

    [Fact]
    public async Task Subscribe_CancelledAfterItWasQueued_TheSubscriptionIsDisposed()
    {
        var gate = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: gate.Register);
        var (user, agent, _) = await host.UserWithAgentAsync();

        var held = gate.HoldNextCommit();
        var blocker = agent.AlertAsync("holds the engine loop in a commit");
        await held.Within();
        using var cancel = new CancellationTokenSource();
        var subscribing = user.SubscribeAsync(cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subscribing.Within());
        gate.Release();
        await blocker.Within();
        await host.SyncAsync();

        // Only the live stream opened below is left in the hub: an event reaches it once, and nothing else holds it.
        await using var live = await user.SubscribeAsync().Within();
        Assert.True(SpinWait.SpinUntil(() => HubSubscriptions(host, "alice") == 1, TestTimeouts.Default), "the abandoned subscription is still registered");
    }

    private static int HubSubscriptions(NodTestHost host, string userId)
    {
        var hub = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Nod.Engine.NodEngine>(host.Services).Hub;
        return hub.AppSubscriptionCount(userId);
    }
}
