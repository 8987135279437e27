using Nod.Core.Tests.Infrastructure;
using Nod.Protocol;

namespace Nod.Core.Tests.Engine;

/// <summary>Idempotency-Key (PROTOCOL §3): a repeat within the window returns the first response and creates nothing new.</summary>
public sealed class IdempotencyTests
{
    [Fact]
    public async Task SameKey_Repeated_ReturnsFirstResponseAndCreatesOneMessage()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();

        var first = await agent.SendAsync(new MessageEvent { Text = "once" }, "key-1").Within();
        var second = await agent.SendAsync(new MessageEvent { Text = "once" }, "key-1").Within();

        Assert.Equal(first.MessageId, second.MessageId);
        var history = await user.GetMessagesAsync(agent.DefaultConversationId!).Within();
        Assert.Single(history.Items);
    }

    [Fact]
    public async Task SameKey_ConcurrentRepeats_CreateExactlyOne()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => agent.SendAsync(new DecisionEvent { Title = "Deploy?", Description = "", Kind = "approval" }, "deploy-42")))).Within();

        Assert.Single(results.Select(r => r.DecisionId).Distinct());
        Assert.Single((await user.GetDecisionsAsync().Within()).Items);
    }

    [Fact]
    public async Task SameKey_DifferentAgents_AreIndependent()
    {
        await using var host = await NodTestHost.StartAsync();
        var (_, first, _) = await host.UserWithAgentAsync("alice");
        var (_, second, _) = await host.UserWithAgentAsync("bob");

        var a = await first.SendAsync(new AlertEvent { Title = "a" }, "same").Within();
        var b = await second.SendAsync(new AlertEvent { Title = "b" }, "same").Within();

        Assert.NotEqual(a.ActivityId, b.ActivityId);
    }

    [Fact]
    public async Task SameKey_AfterTheWindow_IsANewRequest()
    {
        await using var host = await NodTestHost.StartAsync(o => o.IdempotencyWindow = TimeSpan.FromMinutes(10));
        var (_, agent, _) = await host.UserWithAgentAsync();

        var first = await agent.SendAsync(new MessageEvent { Text = "x" }, "k").Within();
        host.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        var repeat = await agent.SendAsync(new MessageEvent { Text = "x" }, "k").Within();
        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        var later = await agent.SendAsync(new MessageEvent { Text = "x" }, "k").Within();

        Assert.Equal(first.MessageId, repeat.MessageId);
        Assert.NotEqual(first.MessageId, later.MessageId);
    }

    [Fact]
    public async Task ExpiredKeys_ArePurgedFromTheStore()
    {
        await using var host = await NodTestHost.StartAsync(o => o.IdempotencyWindow = TimeSpan.FromMinutes(10));
        var (_, agent, _) = await host.UserWithAgentAsync();
        await agent.SendAsync(new MessageEvent { Text = "x" }, "k").Within();
        Assert.NotNull(await host.Store.Idempotency.GetAsync(agent.AgentId, "k").Within());

        host.Time.Advance(TimeSpan.FromHours(1));
        await host.SyncAsync();

        Assert.Null(await host.Store.Idempotency.GetAsync(agent.AgentId, "k").Within());
    }

    [Fact]
    public async Task RefusedFirstAttempt_IsNotRemembered()
    {
        await using var host = await NodTestHost.StartAsync();
        var (_, agent, _) = await host.UserWithAgentAsync();

        await Assert.ThrowsAsync<NodException>(() => agent.SendAsync(new MessageEvent { Text = "x", ConversationId = "conv_missing" }, "k").Within());
        var retry = await agent.SendAsync(new MessageEvent { Text = "x" }, "k").Within();

        Assert.NotNull(retry.MessageId);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task InvalidKey_IsRefusedNamingTheHeader(string? key)
    {
        await using var host = await NodTestHost.StartAsync();
        var (_, agent, _) = await host.UserWithAgentAsync();

        var tooLong = key ?? new string('k', 256);
        var error = await Assert.ThrowsAsync<NodException>(() => agent.SendAsync(new MessageEvent { Text = "x" }, tooLong).Within());
        Assert.Equal(NodErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("Idempotency-Key", error.Detail, StringComparison.Ordinal);
    }
}
