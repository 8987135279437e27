using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Notifications;
using static Nod.Core.Tests.Engine.EngineTestKit;

namespace Nod.Core.Tests.Engine;

/// <summary>The host's notification hook: new decisions and agent messages, after commit, never blocking Nod (PROTOCOL §7).</summary>
public sealed class NotificationTests
{
    [Fact]
    public async Task NewDecision_HandlerGetsDecisionCreatedWithOwnerThenSharedUsers()
    {
        var recorder = new RecordingHandler();
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodNotificationHandler>(recorder));
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.ShareAgentAsync(agent.AgentId, "bob").Within();
        await user.ShareAgentAsync(agent.AgentId, "carol").Within();

        var pending = await agent.RequestDecisionAsync(Approval(conversationId: agent.DefaultConversationId)).Within();

        var notification = Assert.IsType<DecisionCreatedNotification>(await recorder.NextAsync());
        Assert.Equal(pending.Id, notification.Decision.Id);
        Assert.Equal(DecisionStatus.Pending, notification.Decision.Status);
        Assert.Equal("Deploy v2?", notification.Decision.Title);
        Assert.Equal(agent.AgentId, notification.AgentId);
        Assert.Equal(credentials.Agent.Name, notification.AgentName);
        Assert.Equal(["alice", "bob", "carol"], notification.UserIds);
        Assert.Equal(host.NowMs(), notification.CreatedAt);
    }

    [Fact]
    public async Task AgentMessage_HandlerGetsAgentMessageWithOwnerThenSharedUsers()
    {
        var recorder = new RecordingHandler();
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodNotificationHandler>(recorder));
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.ShareAgentAsync(agent.AgentId, "zoe").Within();
        await user.ShareAgentAsync(agent.AgentId, "bob").Within();

        var messageId = await agent.SendMessageAsync("The report is ready").Within();

        var notification = Assert.IsType<AgentMessageNotification>(await recorder.NextAsync());
        Assert.Equal(messageId, notification.Message.Id);
        Assert.Equal("The report is ready", notification.Message.Text);
        Assert.Equal(MessageSender.Agent, notification.Message.Sender);
        Assert.Equal(agent.AgentId, notification.AgentId);
        Assert.Equal("Helper", notification.AgentName);
        Assert.Equal("alice", notification.UserIds[0]);
        Assert.Equal(["alice", "zoe", "bob"], notification.UserIds);
    }

    [Fact]
    public async Task UnsharedAgent_NotificationGoesToOwnerOnly()
    {
        var recorder = new RecordingHandler();
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodNotificationHandler>(recorder));
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.ShareAgentAsync(agent.AgentId, "bob").Within();
        await user.UnshareAgentAsync(agent.AgentId, "bob").Within();

        await agent.SendMessageAsync("only for Alice").Within();

        Assert.Equal(["alice"], (await recorder.NextAsync()).UserIds);
    }

    [Fact]
    public async Task RuleAnsweredDecision_NoNotification()
    {
        var recorder = new RecordingHandler();
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodNotificationHandler>(recorder));
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "Bash(npm install *)", Effect = RuleEffect.Allow }).Within();
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "Bash(rm *)", Effect = RuleEffect.Deny }).Within();

        var allowed = await agent.RequestDecisionAsync(Permission()).Within();
        var denied = await agent.RequestDecisionAsync(Permission("Allow: Bash(rm -rf /)", "Bash(rm -rf /)")).Within();
        var asked = await agent.RequestDecisionAsync(Permission("Allow: Bash(curl x)", "Bash(curl x)")).Within();

        Assert.Equal("rule", (await allowed.Resolution.Within()).ResolvedBy);
        Assert.Equal("rule", (await denied.Resolution.Within()).ResolvedBy);
        var next = Assert.IsType<DecisionCreatedNotification>(await recorder.NextAsync());
        Assert.Equal(asked.Id, next.Decision.Id);
    }

    [Fact]
    public async Task UserMessagesResolutionsAndAlerts_NoNotification()
    {
        var recorder = new RecordingHandler();
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodNotificationHandler>(recorder));
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var pending = await agent.RequestDecisionAsync(Question()).Within();
        Assert.IsType<DecisionCreatedNotification>(await recorder.NextAsync());

        await user.SendMessageAsync(agent.DefaultConversationId!, "a user writes").Within();
        await user.RespondAsync(pending.Id, "an answer").Within();
        await agent.AlertAsync("an alert").Within();
        await agent.StartProcessingAsync("thinking").Within();
        await agent.ReportStatusAsync("started").Within();
        await user.UpdateAgentAsync(agent.AgentId, new UpdateAgentRequest { Name = "Renamed" }).Within();
        var messageId = await agent.SendMessageAsync("the sentinel").Within();

        var next = Assert.IsType<AgentMessageNotification>(await recorder.NextAsync());
        Assert.Equal(messageId, next.Message.Id);
        Assert.Equal("Renamed", next.AgentName);
    }

    [Fact]
    public async Task ManyEvents_HandlerGetsEachExactlyOnceInOrder()
    {
        var recorder = new RecordingHandler();
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodNotificationHandler>(recorder));
        var (_, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        var sent = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            sent.Add(await agent.SendMessageAsync($"message {i}").Within());
            sent.Add((await agent.RequestDecisionAsync(Approval($"decision {i}")).Within()).Id);
        }

        var received = new List<string>();
        for (var i = 0; i < sent.Count; i++)
        {
            received.Add(await recorder.NextAsync() switch
            {
                AgentMessageNotification m => m.Message.Id,
                DecisionCreatedNotification d => d.Decision.Id,
                var other => other.ToString(),
            });
        }

        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task ThrowingHandler_LaterNotificationsStillDelivered()
    {
        var flaky = new RecordingHandler { ThrowOnCall = call => call % 2 == 1 };
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodNotificationHandler>(flaky));
        var (_, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        var first = await agent.SendMessageAsync("first").Within();
        var second = await agent.SendMessageAsync("second").Within();
        var third = (await agent.RequestDecisionAsync(Approval()).Within()).Id;

        // Every call is recorded before the handler throws (odd calls throw).
        Assert.Equal(first, Assert.IsType<AgentMessageNotification>(await flaky.NextAsync()).Message.Id);
        Assert.Equal(second, Assert.IsType<AgentMessageNotification>(await flaky.NextAsync()).Message.Id);
        Assert.Equal(third, Assert.IsType<DecisionCreatedNotification>(await flaky.NextAsync()).Decision.Id);
        Assert.NotNull(await agent.SendMessageAsync("the engine carries on").Within());
    }

    [Fact]
    public async Task ThrowingHandler_OtherHandlersStillGetEveryNotification()
    {
        var broken = new RecordingHandler { ThrowOnCall = _ => true };
        var healthy = new RecordingHandler();
        await using var host = await NodTestHost.StartAsync(services: s =>
        {
            s.AddSingleton<INodNotificationHandler>(broken);
            s.AddSingleton<INodNotificationHandler>(healthy);
        });
        var (_, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        var message = await agent.SendMessageAsync("one").Within();
        var decision = (await agent.RequestDecisionAsync(Choice()).Within()).Id;

        Assert.Equal(message, Assert.IsType<AgentMessageNotification>(await healthy.NextAsync()).Message.Id);
        Assert.Equal(decision, Assert.IsType<DecisionCreatedNotification>(await healthy.NextAsync()).Decision.Id);
        Assert.Equal(message, Assert.IsType<AgentMessageNotification>(await broken.NextAsync()).Message.Id);
        Assert.Equal(decision, Assert.IsType<DecisionCreatedNotification>(await broken.NextAsync()).Decision.Id);
    }

    [Fact]
    public async Task SlowHandler_DoesNotDelayTheEngine()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new RecordingHandler { Gate = gate.Task };
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodNotificationHandler>(slow));
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        // The handler is stuck on the first notification; everything else still completes.
        await agent.SendMessageAsync("first").Within();
        for (var i = 0; i < 10; i++)
        {
            await agent.SendMessageAsync($"more {i}").Within();
        }

        var pending = await agent.RequestDecisionAsync(Approval()).Within();
        await user.ApproveAsync(pending.Id).Within();
        gate.SetResult();
        Assert.Equal("first", Assert.IsType<AgentMessageNotification>(await slow.NextAsync()).Message.Text);
    }

    [Fact]
    public async Task NoHandlerRegistered_NothingIsSentAndNodWorks()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        await agent.SendMessageAsync("hello").Within();
        var pending = await agent.RequestDecisionAsync(Approval()).Within();
        await user.ApproveAsync(pending.Id).Within();

        Assert.Empty(host.Services.GetServices<INodNotificationHandler>());
        Assert.False(host.Services.GetRequiredService<NotificationDispatcher>().HasHandlers);
        Assert.Equal(DecisionStatus.Approved, (await pending.Resolution.Within()).Status);
    }

    /// <summary>Records every notification it is handed (before it throws, if it is told to).</summary>
    private sealed class RecordingHandler : INodNotificationHandler
    {
        private readonly Channel<NodNotification> _received = Channel.CreateUnbounded<NodNotification>();
        private int _calls;

        public Func<int, bool> ThrowOnCall { get; init; } = _ => false;

        public Task Gate { get; init; } = Task.CompletedTask;

        public async ValueTask HandleAsync(NodNotification notification, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            _received.Writer.TryWrite(notification);
            await Gate.WaitAsync(cancellationToken);
            if (ThrowOnCall(call))
            {
                throw new InvalidOperationException($"handler failure on call {call}");
            }
        }

        public async Task<NodNotification> NextAsync() => await _received.Reader.ReadAsync().AsTask().Within();
    }
}
