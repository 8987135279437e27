using Microsoft.Extensions.Time.Testing;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage.Conformance;
using Nod.Storage.LiteDb.Tests.Infrastructure;

namespace Nod.Storage.LiteDb.Tests.Hosting;

/// <summary>
/// A host restarted on the same LiteDB file has everything it acknowledged: messages, decisions (pending ones still
/// pending and resolvable, their resolution reaching the agent), rules, activity and agents; expiries are re-armed
/// from the store; indicators (memory only) are off; seq continues.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Restart_EverythingAcknowledged_IsThereAndSeqContinues()
    {
        var path = _directory.File();
        var time = new FakeTimeProvider(LiteDbTestHost.Epoch);
        string agentId, conversationId, secret;
        long head;
        string agentsBefore, messagesBefore, decisionsBefore, rulesBefore;
        IReadOnlyList<ActivityEntry> activityBefore;
        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            var (alice, agent, credentials) = await host.UserWithAgentAsync();
            (agentId, conversationId, secret) = (credentials.AgentId, agent.DefaultConversationId!, credentials.Secret);
            await alice.SendMessageAsync(conversationId, "Please ship it.").Within();
            for (var i = 0; i < 5; i++)
            {
                await agent.SendMessageAsync($"step {i}").Within();
                time.Advance(TimeSpan.FromSeconds(1));
            }

            var pending = await agent.RequestDecisionAsync(Approval("Deploy?")).Within();
            var answered = await agent.RequestDecisionAsync(new DecisionEvent { Title = "Region?", Description = "Pick one.", Kind = "choice", Options = ["eu", "us"] }).Within();
            await alice.RespondAsync(answered.Id, "eu").Within();
            await alice.AddRuleAsync(agentId, new AddRuleRequest { Pattern = "Bash(ls *)", Effect = RuleEffect.Allow }).Within();
            await agent.AlertAsync("Ran tests", "128 passed").Within();
            await agent.ReportStatusAsync("Deploying", "1 of 3").Within();

            agentsBefore = Describe(await alice.GetAgentsAsync().Within());
            messagesBefore = RecordText.Of((await alice.GetMessagesAsync(conversationId, limit: 100).Within()).Items);
            decisionsBefore = RecordText.Of((await alice.GetDecisionsAsync(new DecisionQuery { Status = DecisionFilter.All }).Within()).Items);
            rulesBefore = RecordText.Of(await alice.GetRulesAsync(agentId).Within());
            activityBefore = (await alice.GetActivityAsync(agentId, limit: 100).Within()).Items;
            head = await host.Store.Events.GetHeadAsync().Within();
            Assert.Equal(DecisionStatus.Pending, (await alice.GetDecisionAsync(pending.Id).Within()).Status);
            await agent.DisposeAsync();
        }

        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            var alice = host.Nod.ForUser("alice", "Alice");
            Assert.Equal(agentsBefore, Describe(await alice.GetAgentsAsync().Within()));
            Assert.Equal(messagesBefore, RecordText.Of((await alice.GetMessagesAsync(conversationId, limit: 100).Within()).Items));
            Assert.Equal(decisionsBefore, RecordText.Of((await alice.GetDecisionsAsync(new DecisionQuery { Status = DecisionFilter.All }).Within()).Items));
            Assert.Equal(rulesBefore, RecordText.Of(await alice.GetRulesAsync(agentId).Within()));
            var activityAfter = (await alice.GetActivityAsync(agentId, limit: 100).Within()).Items;
            foreach (var entry in activityBefore)
            {
                StoreAssert.Same(entry, activityAfter.Single(a => a.Id == entry.Id));
            }

            // The stored secret still authenticates, and new events continue above the old head.
            await using var agent = await host.Nod.ConnectAgentAsync(agentId, secret).Within();
            var messageId = await agent.SendMessageAsync("back after a restart").Within();
            var message = await host.Store.Messages.GetAsync(messageId).Within();
            Assert.True(message!.Seq > head, $"seq {message.Seq} is not above the head {head} before the restart");
        }
    }

    [Fact]
    public async Task Restart_PendingDecision_StillPendingResolvableAndItsResolutionReachesTheAgent()
    {
        var path = _directory.File();
        var time = new FakeTimeProvider(LiteDbTestHost.Epoch);
        string agentId, secret, decisionId;
        long head;
        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            var (_, agent, credentials) = await host.UserWithAgentAsync();
            (agentId, secret) = (credentials.AgentId, credentials.Secret);
            decisionId = (await agent.RequestDecisionAsync(Approval("Deploy v2?")).Within()).Id;
            head = await host.Store.Events.GetHeadAsync().Within();
            await agent.DisposeAsync();
        }

        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            var alice = host.Nod.ForUser("alice", "Alice");
            var pending = await alice.GetDecisionsAsync().Within();
            Assert.Equal(decisionId, Assert.Single(pending.Items).Id);
            Assert.Equal(1, Assert.Single(await alice.GetAgentsAsync().Within()).PendingDecisions);

            await using var agent = await host.Nod.ConnectAgentAsync(agentId, secret).Within();
            await using var updates = agent.SubscribeUpdates(after: head);
            var waiting = agent.WaitForResolutionAsync(decisionId);

            await alice.ApproveAsync(decisionId, "go").Within();

            var resolved = await updates.NextAsync<DecisionResolvedFrame>();
            Assert.Equal(decisionId, resolved.DecisionId);
            Assert.Equal(DecisionStatus.Approved, resolved.Status);
            Assert.Equal(DecisionStatus.Approved, (await waiting.Within()).Status);
            var polled = await agent.GetUpdatesAsync(head).Within();
            Assert.Contains(polled, e => e.Frame is DecisionResolvedFrame r && r.DecisionId == decisionId);
            Assert.Empty((await alice.GetDecisionsAsync().Within()).Items);
        }
    }

    [Fact]
    public async Task Restart_DecisionExpiredWhileDown_ExpiresAtStartUpAndLaterOnesAreReArmed()
    {
        var path = _directory.File();
        var time = new FakeTimeProvider(LiteDbTestHost.Epoch);
        string agentId, secret, soon, later;
        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            var (_, agent, credentials) = await host.UserWithAgentAsync();
            (agentId, secret) = (credentials.AgentId, credentials.Secret);
            soon = (await agent.RequestDecisionAsync(Approval("Soon?", expiresInS: 60)).Within()).Id;
            later = (await agent.RequestDecisionAsync(Approval("Later?", expiresInS: 3600)).Within()).Id;
            await agent.DisposeAsync();
        }

        // Two minutes pass while the host is down: the first request's deadline went by.
        time.Advance(TimeSpan.FromMinutes(2));

        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            await using var agent = await host.Nod.ConnectAgentAsync(agentId, secret).Within();
            var expired = await agent.WaitForResolutionAsync(soon).Within();
            Assert.Equal(DecisionStatus.Expired, expired.Status);
            Assert.Equal(DecisionStatus.Pending, (await agent.GetDecisionAsync(later).Within()).Status);

            var waiting = agent.WaitForResolutionAsync(later);
            time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(DecisionStatus.Expired, (await waiting.Within()).Status);
        }
    }

    [Fact]
    public async Task Restart_IndicatorOnWhenTheHostStopped_OffAfterRestart()
    {
        var path = _directory.File();
        var time = new FakeTimeProvider(LiteDbTestHost.Epoch);
        string conversationId, agentId;
        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            var (alice, agent, credentials) = await host.UserWithAgentAsync();
            (conversationId, agentId) = (agent.DefaultConversationId!, credentials.AgentId);
            await agent.StartProcessingAsync("Thinking hard").Within();
            Assert.Single(alice.GetIndicators());

            // The host goes away with the bubble on (the agent never stops it).
        }

        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            var alice = host.Nod.ForUser("alice", "Alice");
            Assert.Empty(alice.GetIndicators());
            Assert.False((await alice.GetConversationAsync(conversationId).Within()).Processing.Active);
            await using var stream = await alice.SubscribeAsync().Within();
            Assert.Empty(stream.Snapshot.Indicators);
            Assert.Single(await alice.GetConversationsAsync(agentId).Within());
        }
    }

    [Fact]
    public async Task Restart_AlwaysAllowRule_StillAnswersMatchingPermissionRequests()
    {
        var path = _directory.File();
        var time = new FakeTimeProvider(LiteDbTestHost.Epoch);
        string agentId, secret;
        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            var (alice, agent, credentials) = await host.UserWithAgentAsync();
            (agentId, secret) = (credentials.AgentId, credentials.Secret);
            await alice.AddRuleAsync(agentId, new AddRuleRequest { Pattern = "Bash(npm *)", Effect = RuleEffect.Allow }).Within();
            await agent.DisposeAsync();
        }

        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            await using var agent = await host.Nod.ConnectAgentAsync(agentId, secret).Within();
            var answer = await agent.AskAsync(new DecisionEvent
            {
                Title = "Allow: Bash(npm install)",
                Description = "Installs packages.",
                Kind = "permission",
                Permission = "Bash(npm install)",
            }).Within();
            Assert.Equal(DecisionStatus.Approved, answer.Status);
            Assert.Equal("rule", answer.ResolvedBy);
        }
    }

    [Fact]
    public async Task Restart_ReplyToAMessageFromBeforeIt_QuotesIt_AndNewIdsAreNew()
    {
        var path = _directory.File();
        var time = new FakeTimeProvider(LiteDbTestHost.Epoch);
        string conversationId, earlierId;
        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            var (alice, agent, _) = await host.UserWithAgentAsync();
            conversationId = agent.DefaultConversationId!;
            earlierId = await agent.SendMessageAsync("Deployed v2.4.1 to staging.").Within();
            var reply = await alice.SendMessageAsync(conversationId, new SendMessageRequest { Text = "Nice.", ReplyToId = earlierId }).Within();
            Assert.Equal("Deployed v2.4.1 to staging.", reply.ReplyToText);
            await agent.DisposeAsync();
        }

        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            var alice = host.Nod.ForUser("alice", "Alice");
            var reply = await alice.SendMessageAsync(conversationId, new SendMessageRequest { Text = "Ship it to production?", ReplyToId = earlierId }).Within();

            Assert.Equal("Deployed v2.4.1 to staging.", reply.ReplyToText);
            var ids = (await alice.GetMessagesAsync(conversationId, limit: 100).Within()).Items.Select(m => m.Id).ToList();
            Assert.Equal(3, ids.Distinct(StringComparer.Ordinal).Count());
            Assert.All(ids, id => Assert.Matches("^msg_[0-9a-f]{16}$", id));
        }
    }

    public void Dispose() => _directory.Dispose();

    private static DecisionEvent Approval(string title, double? expiresInS = null) =>
        new() { Title = title, Description = "Please check.", Kind = "approval", ExpiresInS = expiresInS };

    /// <summary>The stored part of the agents (not their online state, which a restart resets).</summary>
    private static string Describe(IReadOnlyList<Agent> agents) =>
        RecordText.Of(agents.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => a with { Online = false, LastSeenAt = null }));
}
