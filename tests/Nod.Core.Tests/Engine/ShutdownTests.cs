using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;
using static Nod.Core.Tests.Engine.EngineTestKit;

namespace Nod.Core.Tests.Engine;

/// <summary>
/// Stopping the host never leaves a caller hanging: queued commands finish or are refused with 503 (Unavailable), and
/// everything asked of a stopped Nod is refused the same way.
/// </summary>
public sealed class ShutdownTests
{
    private const int InFlight = 2000;

    [Fact]
    public async Task Stop_WithCommandsInFlight_EveryCallerCompletesOrGets503()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var conversation = agent.DefaultConversationId!;
        var decisions = new List<PendingDecision>();
        for (var i = 0; i < 200; i++)
        {
            decisions.Add(await agent.RequestDecisionAsync(Approval($"decision {i}")).Within());
        }

        var asks = Enumerable.Range(0, 20).Select(i => agent.AskAsync(Question($"ask {i}"))).ToArray();
        var approvals = -1;
        var successes = 0;
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task Operation(int i) => (i % 7) switch
        {
            0 => agent.SendMessageAsync($"message {i}"),
            1 => agent.RequestDecisionAsync(Question($"question {i}")),
            2 => user.SendMessageAsync(conversation, $"user message {i}"),
            3 => agent.AlertAsync($"alert {i}"),
            4 => user.CreateAgentAsync(new CreateAgentRequest { Name = $"agent {i}" }),
            5 => Interlocked.Increment(ref approvals) is var n && n < decisions.Count ? user.ApproveAsync(decisions[n].Id) : agent.HeartbeatAsync($"beat {i}"),
            _ => user.SubscribeAsync().ContinueWith(t => t.Result.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap(),
        };

        // Producers keep a batch of calls queued at all times, until Nod refuses them.
        async Task<Exception?[]> ProduceAsync(int producer)
        {
            var outcomes = new List<Exception?>();
            for (var round = 0; round < 1000; round++)
            {
                var batch = await Task.WhenAll(Enumerable.Range(0, 25).Select(j => Record(() => Operation((producer * 1000) + (round * 25) + j))));
                outcomes.AddRange(batch);
                if (Interlocked.Add(ref successes, batch.Count(e => e is null)) >= 500)
                {
                    busy.TrySetResult();
                }

                if (batch.Any(e => e is not null))
                {
                    break;
                }
            }

            return [.. outcomes];
        }

        var producers = Enumerable.Range(0, 8).Select(p => Task.Run(() => ProduceAsync(p))).ToArray();
        await busy.Task.Within();
        await StopAsync(host).Within();
        var outcomes = (await Task.WhenAll(producers).Within()).SelectMany(o => o).ToArray();

        Assert.Contains(outcomes, e => e is null);
        Assert.Contains(outcomes, e => e is not null);
        Assert.All(outcomes.Where(e => e is not null), e => Assert.True(IsUnavailable(e), $"expected success or 503, got {e}"));
        foreach (var ask in asks)
        {
            await FailsWith(NodErrorKind.Unavailable, () => ask);
        }

        foreach (var decision in decisions)
        {
            var resolution = await Record(() => decision.Resolution);
            Assert.True(resolution is null || IsUnavailable(resolution), $"resolution ended with {resolution}");
        }
    }

    private static bool IsUnavailable(Exception? error) =>
        error is NodException { Kind: NodErrorKind.Unavailable } or AggregateException { InnerException: NodException { Kind: NodErrorKind.Unavailable } };

    [Fact]
    public async Task Stop_ShutdownTimeoutAlreadyFired_QueuedCommandsRefused503()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        var calls = Enumerable.Range(0, InFlight).Select(i => Record(() => i % 2 == 0
            ? agent.SendMessageAsync($"message {i}")
            : user.CreateAgentAsync(new CreateAgentRequest { Name = $"agent {i}" }))).ToArray();
        using var expired = new CancellationTokenSource();
        await expired.CancelAsync();
        var stopError = await Record(() => host.Services.GetRequiredService<IHost>().StopAsync(expired.Token));
        var outcomes = await Task.WhenAll(calls).Within();

        Assert.True(stopError is null or OperationCanceledException, $"stopping failed: {stopError}");
        Assert.All(outcomes.Where(e => e is not null), e => Assert.Equal(NodErrorKind.Unavailable, Assert.IsType<NodException>(e).Kind));
    }

    [Fact]
    public async Task Stop_AwaitingDecisions_Fail503()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await using var stream = await user.SubscribeAsync().Within();
        var pending = await agent.RequestDecisionAsync(Approval(expiresInS: 600)).Within();
        var asking = agent.AskAsync(Question());
        await stream.NextDecisionIdAsync();
        await stream.NextDecisionIdAsync();
        var waiting = agent.WaitForResolutionAsync(pending.Id);
        await agent.AlertAsync("a later command: the wait above is registered").Within();

        await StopAsync(host).Within();

        await FailsWith(NodErrorKind.Unavailable, () => pending.Resolution);
        await FailsWith(NodErrorKind.Unavailable, () => asking);
        await FailsWith(NodErrorKind.Unavailable, () => waiting);
    }

    [Fact]
    public async Task Stop_ConnectedAgent_ConnectionEndsWithShuttingDown()
    {
        await using var host = await NodTestHost.StartAsync();
        var (_, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Ended.Register(() => ended.TrySetResult());

        await StopAsync(host).Within();

        await ended.Task.Within();
        Assert.Equal(ConnectionEndReason.ShuttingDown, agent.EndReason);
        Assert.False(agent.IsConnected);
        await agent.DisposeAsync().AsTask().Within();
    }

    [Fact]
    public async Task Stop_OpenStreams_EndInsteadOfWaitingForever()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await using var stream = await user.SubscribeAsync().Within();
        await using var updates = agent.SubscribeUpdates();
        await agent.SendMessageAsync("before stop").Within();
        Assert.Equal("before stop", (await stream.Subscription.NextAsync<MessageCreatedFrame>()).Message.Text);

        await StopAsync(host).Within();

        await DrainToEndAsync(stream.Subscription);
        await DrainToEndAsync(updates);
    }

    public static TheoryData<string> Commands =>
    [
        "CreateAgentAsync", "UpdateAgentAsync", "DeleteAgentAsync", "RotateSecretAsync", "RotateWebhookSecretAsync",
        "ShareAgentAsync", "UnshareAgentAsync", "CreateConversationAsync", "user.SendMessageAsync", "ResolveDecisionAsync",
        "AddRuleAsync", "RevokeRuleAsync", "SubscribeAsync", "ConnectAgentAsync", "agent.SendMessageAsync",
        "RequestDecisionAsync", "AskAsync", "CancelDecisionAsync", "WaitForResolutionAsync", "AlertAsync",
        "ReportStatusAsync", "StartProcessingAsync", "HeartbeatAsync", "StopProcessingAsync", "ProposeTaskAsync",
        "GetConversationsAsync of a new agent",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task AfterStop_Command_Fails503(string operation)
    {
        var (host, world) = await StoppedWorldAsync();
        await using (host)
        {
            await FailsWith(NodErrorKind.Unavailable, () => world.Run(operation));
        }
    }

    private static readonly string[] Reads =
    [
        "GetAgentsAsync", "GetAgentAsync", "GetConversationsAsync", "GetConversationAsync", "GetMessagesAsync",
        "GetDecisionsAsync", "GetDecisionAsync", "GetRulesAsync", "GetActivityAsync", "agent.GetDecisionAsync",
        "agent.GetUpdatesAsync", "AuthenticateAgent",
    ];

    [Fact]
    public async Task AfterStop_Reads_Fail503()
    {
        var (host, world) = await StoppedWorldAsync();
        await using (host)
        {
            var answered = new List<string>();
            foreach (var operation in Reads)
            {
                var error = await Record(() => world.Run(operation));
                if (error is not NodException { Kind: NodErrorKind.Unavailable })
                {
                    answered.Add($"{operation} -> {(error is null ? "answered" : error.GetType().Name + " " + (error as NodException)?.Kind)}");
                }
            }

            Assert.True(answered.Count == 0, "after stop these did not fail with 503: " + string.Join("; ", answered));
        }
    }

    [Fact]
    public async Task AfterStop_DisposingClients_DoesNotThrowOrHang()
    {
        var (host, world) = await StoppedWorldAsync();
        await using (host)
        {
            await world.Agent.DisposeAsync().AsTask().Within();
            await world.Agent.DisposeAsync().AsTask().Within();
        }
    }

    [Fact]
    public async Task Engine_StoppedAfterItWasDisposed_DoesNotThrow_AndRefusesCommands()
    {
        // Hosts (e.g. WebApplicationFactory after a restart) may stop services whose container was already disposed.
        await using var host = await NodTestHost.StartAsync();
        var (_, agent, _) = await host.UserWithAgentAsync();
        var engine = host.Services.GetRequiredService<Nod.Engine.NodEngine>();

        await engine.DisposeAsync().AsTask().Within();
        await engine.StopAsync(CancellationToken.None).Within();
        await engine.StopAsync(CancellationToken.None).Within();

        var refused = await Assert.ThrowsAsync<NodException>(() => agent.SendMessageAsync("after the end")).Within();
        Assert.Equal(NodErrorKind.Unavailable, refused.Kind);
    }

    private static async Task<(NodTestHost Host, StoppedWorld World)> StoppedWorldAsync()
    {
        var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var pending = await agent.RequestDecisionAsync(Approval()).Within();
        var rule = await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "*", Effect = RuleEffect.Deny }).Within();
        var bare = await user.CreateAgentAsync(new CreateAgentRequest { Name = "Never connected" }).Within();
        await StopAsync(host).Within();
        return (host, new StoppedWorld(host, user, agent, credentials, pending.Id, rule.Id, bare.AgentId));
    }

    private sealed record StoppedWorld(
        NodTestHost Host, NodUserClient User, NodAgentClient Agent, AgentCredentials Credentials, string DecisionId, string RuleId, string BareAgentId)
    {
        private string AgentId => Credentials.AgentId;

        private string ConversationId => Agent.DefaultConversationId!;

        public Task Run(string operation) => operation switch
        {
            "CreateAgentAsync" => User.CreateAgentAsync(new CreateAgentRequest { Name = "late" }),
            "UpdateAgentAsync" => User.UpdateAgentAsync(AgentId, new UpdateAgentRequest { Name = "late" }),
            "DeleteAgentAsync" => User.DeleteAgentAsync(AgentId),
            "RotateSecretAsync" => User.RotateSecretAsync(AgentId),
            "RotateWebhookSecretAsync" => User.RotateWebhookSecretAsync(AgentId),
            "ShareAgentAsync" => User.ShareAgentAsync(AgentId, "bob"),
            "UnshareAgentAsync" => User.UnshareAgentAsync(AgentId, "bob"),
            "CreateConversationAsync" => User.CreateConversationAsync(AgentId),
            "user.SendMessageAsync" => User.SendMessageAsync(ConversationId, "late"),
            "ResolveDecisionAsync" => User.ApproveAsync(DecisionId),
            "AddRuleAsync" => User.AddRuleAsync(AgentId, new AddRuleRequest { Pattern = "x", Effect = RuleEffect.Allow }),
            "RevokeRuleAsync" => User.RevokeRuleAsync(AgentId, RuleId),
            "SubscribeAsync" => User.SubscribeAsync(),
            "ConnectAgentAsync" => Host.Nod.ConnectAgentAsync(AgentId, Credentials.Secret),
            "agent.SendMessageAsync" => Agent.SendMessageAsync("late"),
            "RequestDecisionAsync" => Agent.RequestDecisionAsync(Approval()),
            "AskAsync" => Agent.AskAsync(Approval()),
            "CancelDecisionAsync" => Agent.CancelDecisionAsync(DecisionId),
            "WaitForResolutionAsync" => Agent.WaitForResolutionAsync(DecisionId),
            "AlertAsync" => Agent.AlertAsync("late"),
            "ReportStatusAsync" => Agent.ReportStatusAsync("stopped"),
            "StartProcessingAsync" => Agent.StartProcessingAsync("late"),
            "HeartbeatAsync" => Agent.HeartbeatAsync("late"),
            "StopProcessingAsync" => Agent.StopProcessingAsync(),
            "ProposeTaskAsync" => Agent.ProposeTaskAsync(new TaskProposalEvent { Title = "t", TaskName = "n", TaskPrompt = "p", TaskSchedule = "0 9 * * *" }),
            "GetConversationsAsync of a new agent" => User.GetConversationsAsync(BareAgentId),
            "GetAgentsAsync" => User.GetAgentsAsync(),
            "GetAgentAsync" => User.GetAgentAsync(AgentId),
            "GetConversationsAsync" => User.GetConversationsAsync(AgentId),
            "GetConversationAsync" => User.GetConversationAsync(ConversationId),
            "GetMessagesAsync" => User.GetMessagesAsync(ConversationId),
            "GetDecisionsAsync" => User.GetDecisionsAsync(),
            "GetDecisionAsync" => User.GetDecisionAsync(DecisionId),
            "GetRulesAsync" => User.GetRulesAsync(AgentId),
            "GetActivityAsync" => User.GetActivityAsync(),
            "agent.GetDecisionAsync" => Agent.GetDecisionAsync(DecisionId),
            "agent.GetUpdatesAsync" => Agent.GetUpdatesAsync(),
            "AuthenticateAgent" => Task.FromResult(Host.Nod.AuthenticateAgent(AgentId, Credentials.Secret)),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }

    private static Task StopAsync(NodTestHost host) => host.Services.GetRequiredService<IHost>().StopAsync();

    private static async Task DrainToEndAsync(Nod.Fanout.NodSubscription subscription)
    {
        // An ended subscription drains at once; a few seconds of real time is ample and keeps a hang from stalling the run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        while (await subscription.WaitToReadAsync(timeout.Token))
        {
            while (subscription.TryRead(out _))
            {
            }
        }
    }
}
