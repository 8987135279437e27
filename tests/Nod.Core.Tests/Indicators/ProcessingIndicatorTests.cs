using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Indicators;

/// <summary>Every expiry and clearing rule of PROTOCOL §3 ("Thinking…" bubble), at exact fake-time boundaries.</summary>
public sealed class ProcessingIndicatorTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task ProcessingStart_NoStop_ClearsExactly30SecondsLaterWithTimeout()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.StartProcessingAsync("Searching the web...").Within();
        var on = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.True(on.Active);
        Assert.Equal("Searching the web...", on.StatusText);
        Assert.Null(on.Reason);

        host.Time.Advance(TimeSpan.FromSeconds(30) - Tick);
        await host.SyncAsync();
        Assert.Single(user.GetIndicators());

        host.Time.Advance(Tick);
        var off = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.False(off.Active);
        Assert.Equal(IndicatorReason.Timeout, off.Reason);
        Assert.Empty(user.GetIndicators());
    }

    [Fact]
    public async Task Heartbeat_NotRenewed_ClearsExactly5SecondsLater()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.HeartbeatAsync("Working").Within();
        Assert.True((await stream.Subscription.NextAsync<IndicatorChangedFrame>()).Active);

        host.Time.Advance(TimeSpan.FromSeconds(5) - Tick);
        await host.SyncAsync();
        Assert.Single(user.GetIndicators());

        host.Time.Advance(Tick);
        var off = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.Equal(IndicatorReason.Timeout, off.Reason);
    }

    [Fact]
    public async Task Heartbeats_EverySecond_KeepItOnUntil5SecondsAfterTheLast()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        for (var i = 0; i < 10; i++)
        {
            await agent.HeartbeatAsync("Working").Within();
            host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // Same text every time: one "on" event, no noise.
        await host.SyncAsync();
        Assert.Single(user.GetIndicators());

        // Last heartbeat was 1 s ago: 4 s to go.
        host.Time.Advance(TimeSpan.FromSeconds(4) - Tick);
        await host.SyncAsync();
        Assert.Single(user.GetIndicators());
        host.Time.Advance(Tick);

        var first = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.True(first.Active);
        var second = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.False(second.Active);
        Assert.Equal(IndicatorReason.Timeout, second.Reason);
    }

    [Fact]
    public async Task StartThenHeartbeat_ExpiryFollowsTheLastSignal()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();

        await agent.StartProcessingAsync().Within();
        host.Time.Advance(TimeSpan.FromSeconds(10));
        await agent.HeartbeatAsync().Within();

        host.Time.Advance(TimeSpan.FromSeconds(5) - Tick);
        await host.SyncAsync();
        Assert.Single(user.GetIndicators());
        host.Time.Advance(Tick);
        await host.SyncAsync();
        Assert.Empty(user.GetIndicators());
    }

    [Fact]
    public async Task HeartbeatThenStart_RenewsFor30Seconds()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();

        await agent.HeartbeatAsync().Within();
        await agent.StartProcessingAsync().Within();
        host.Time.Advance(TimeSpan.FromSeconds(30) - Tick);
        await host.SyncAsync();
        Assert.Single(user.GetIndicators());
        host.Time.Advance(Tick);
        await host.SyncAsync();
        Assert.Empty(user.GetIndicators());
    }

    [Theory]
    [InlineData(ProcessingSignal.Stop)]
    [InlineData(ProcessingSignal.Idle)]
    public async Task StopOrIdle_ClearsAtOnceWithStopped(ProcessingSignal signal)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.HeartbeatAsync("Working").Within();
        await agent.SendAsync(new ProcessingEvent { Signal = signal }).Within();

        Assert.True((await stream.Subscription.NextAsync<IndicatorChangedFrame>()).Active);
        var off = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.False(off.Active);
        Assert.Equal(IndicatorReason.Stopped, off.Reason);
        Assert.Empty(user.GetIndicators());

        // The cancelled deadline never fires later.
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await agent.SendMessageAsync("after").Within();
        Assert.IsType<MessageCreatedFrame>((await stream.Subscription.NextAsync()).Frame);
    }

    [Fact]
    public async Task StopWhileOff_ChangesNothing()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.StopProcessingAsync().Within();
        await agent.SendMessageAsync("marker").Within();

        Assert.IsType<MessageCreatedFrame>((await stream.Subscription.NextAsync()).Frame);
    }

    [Fact]
    public async Task AlertWhileOn_ReplacesTheBubbleTextWithItsTitle()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.StartProcessingAsync("Thinking").Within();
        await agent.AlertAsync("Editing src/index.ts", "/Users/alice/project/src/index.ts").Within();

        Assert.Equal("Thinking", (await stream.Subscription.NextAsync<IndicatorChangedFrame>()).StatusText);
        var changed = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.True(changed.Active);
        Assert.Equal("Editing src/index.ts", changed.StatusText);
        Assert.Equal("Editing src/index.ts", Assert.Single(user.GetIndicators()).StatusText);
    }

    [Fact]
    public async Task AlertWhileOn_DoesNotRenewTheExpiry()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();

        await agent.HeartbeatAsync().Within();
        host.Time.Advance(TimeSpan.FromSeconds(4));
        await agent.AlertAsync("Running tests").Within();
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await host.SyncAsync();

        Assert.Empty(user.GetIndicators());
    }

    [Fact]
    public async Task AlertWhileOff_TurnsNothingOn()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.AlertAsync("Deployment completed").Within();

        Assert.IsType<ActivityCreatedFrame>((await stream.Subscription.NextAsync()).Frame);
        Assert.Empty(user.GetIndicators());
    }

    [Fact]
    public async Task AgentMessage_ClearsThatConversationOnlyWithMessage()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var other = await user.CreateConversationAsync(agent.AgentId, new CreateConversationRequest { Title = "Other" }).Within();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.HeartbeatAsync("Default").Within();
        await agent.HeartbeatAsync("Other", other.Id).Within();
        await agent.SendMessageAsync("Done").Within();

        await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        var off = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.Equal(agent.DefaultConversationId, off.ConversationId);
        Assert.Equal(IndicatorReason.Message, off.Reason);
        Assert.Equal(other.Id, Assert.Single(user.GetIndicators()).ConversationId);
        var conversation = await user.GetConversationAsync(other.Id).Within();
        Assert.True(conversation.Processing.Active);
        Assert.Equal("Other", conversation.Processing.StatusText);
    }

    [Fact]
    public async Task RunResultPostedAsTheTaskResultBubble_ClearsThatConversationWithMessage()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        var runId = await agent.StartRunAsync(task.Id).Within();
        await agent.StartProcessingAsync("Counting orders").Within();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.CompleteRunAsync(runId, new CompleteRunRequest { Status = TaskRunStatus.Completed, Result = "3 new orders" }).Within();

        var off = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.False(off.Active);
        Assert.Equal(agent.DefaultConversationId, off.ConversationId);
        Assert.Equal(IndicatorReason.Message, off.Reason);
        Assert.Empty(user.GetIndicators());
    }

    [Fact]
    public async Task RunCompletedWithoutABubble_LeavesTheIndicatorOn()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        var runId = await agent.StartRunAsync(task.Id).Within();
        await agent.StartProcessingAsync("Counting orders").Within();

        await agent.CompleteRunAsync(runId, new CompleteRunRequest { Status = TaskRunStatus.Failed, Error = "no access" }).Within();

        Assert.Equal("Counting orders", Assert.Single(user.GetIndicators()).StatusText);
    }

    [Fact]
    public async Task LastConnectionCloses_ClearsEveryIndicatorWithDisconnected()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var second = await host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
        var other = await user.CreateConversationAsync(agent.AgentId).Within();
        await agent.HeartbeatAsync().Within();
        await agent.HeartbeatAsync(conversationId: other.Id).Within();
        await using var stream = await user.SubscribeAsync().Within();

        await second.DisposeAsync();
        await host.SyncAsync();
        Assert.Equal(2, user.GetIndicators().Count);

        await agent.DisposeAsync();
        var first = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        var last = await stream.Subscription.NextAsync<IndicatorChangedFrame>();
        Assert.All([first, last], f => Assert.Equal(IndicatorReason.Disconnected, f.Reason));
        Assert.Empty(user.GetIndicators());
        Assert.False((await user.GetAgentAsync(credentials.AgentId).Within()).Online);
    }

    [Fact]
    public async Task TextChange_IsAnEventAndSameTextIsNot()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.HeartbeatAsync("A").Within();
        await agent.HeartbeatAsync("A").Within();
        await agent.HeartbeatAsync().Within();
        await agent.HeartbeatAsync("B").Within();
        await agent.SendMessageAsync("marker").Within();

        Assert.Equal("A", (await stream.Subscription.NextAsync<IndicatorChangedFrame>()).StatusText);
        Assert.Equal("B", (await stream.Subscription.NextAsync<IndicatorChangedFrame>()).StatusText);
        Assert.Equal(IndicatorReason.Message, (await stream.Subscription.NextAsync<IndicatorChangedFrame>()).Reason);
    }

    [Fact]
    public async Task IndicatorOnAnotherAgentsConversation_IsNotFound()
    {
        await using var host = await NodTestHost.StartAsync();
        var (_, agent, _) = await host.UserWithAgentAsync();
        var (_, otherAgent, _) = await host.UserWithAgentAsync("bob");

        var error = await Assert.ThrowsAsync<NodException>(() => agent.HeartbeatAsync(conversationId: otherAgent.DefaultConversationId).Within());
        Assert.Equal(NodErrorKind.NotFound, error.Kind);
        Assert.Contains("conversation_id", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyIndicators_ExpireIndependently()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var conversations = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var conversation = await user.CreateConversationAsync(agent.AgentId).Within();
            conversations.Add(conversation.Id);
            await agent.HeartbeatAsync(conversationId: conversation.Id).Within();
            host.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // Heartbeat i was at i × 0.1 s and expires at i × 0.1 s + 5 s; it is now 2.0 s. At 5.9 s exactly the first ten are gone.
        host.Time.Advance(TimeSpan.FromSeconds(3.9));
        await host.SyncAsync();
        Assert.Equal(conversations.Skip(10).Order(), user.GetIndicators().Select(i => i.ConversationId).Order());
    }
}
