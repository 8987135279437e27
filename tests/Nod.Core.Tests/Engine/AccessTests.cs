using Nod.Core.Tests.Infrastructure;
using Nod.Fanout;
using Nod.Model;
using Nod.Protocol;
using static Nod.Core.Tests.Engine.EngineTestKit;

namespace Nod.Core.Tests.Engine;

/// <summary>
/// A user reaches only agents they own or that are shared with them; anything else answers 404 as if it did not exist
/// (PROTOCOL §7). An agent reaches only its own resources (PROTOCOL §2).
/// </summary>
public sealed class AccessTests
{
    /// <summary>Alice's agent with something of everything, and Bob with an agent of his own.</summary>
    private sealed class World : IAsyncDisposable
    {
        public required NodTestHost Host { get; init; }

        public required NodUserClient Alice { get; init; }

        public required NodAgentClient AliceAgent { get; init; }

        public required string AliceSecret { get; init; }

        public required string AliceConversation { get; init; }

        public required string AliceMessage { get; init; }

        public required string AliceDecision { get; init; }

        public required Rule AliceRule { get; init; }

        public required NodUserClient Bob { get; init; }

        public required NodAgentClient BobAgent { get; init; }

        public required string BobDecision { get; init; }

        public string AliceAgentId => AliceAgent.AgentId;

        public static async Task<World> CreateAsync()
        {
            var host = await NodTestHost.StartAsync();
            var (alice, aliceAgent, credentials) = await host.UserWithAgentAsync("alice");
            var conversation = aliceAgent.DefaultConversationId!;
            var message = await aliceAgent.SendMessageAsync("secret plans").Within();
            var decision = await aliceAgent.RequestDecisionAsync(Approval("Alice's deploy", conversation)).Within();
            var rule = await alice.AddRuleAsync(aliceAgent.AgentId, new AddRuleRequest { Pattern = "Bash(git *)", Effect = RuleEffect.Allow }).Within();
            await aliceAgent.StartProcessingAsync("thinking about Alice's plans").Within();
            await aliceAgent.AlertAsync("Alice's agent did something").Within();

            var (bob, bobAgent, _) = await host.UserWithAgentAsync("bob");
            var bobDecision = await bobAgent.RequestDecisionAsync(Question("Bob's question")).Within();
            await bobAgent.AlertAsync("Bob's agent did something").Within();

            return new World
            {
                Host = host,
                Alice = alice,
                AliceAgent = aliceAgent,
                AliceSecret = credentials.Secret,
                AliceConversation = conversation,
                AliceMessage = message,
                AliceDecision = decision.Id,
                AliceRule = rule,
                Bob = bob,
                BobAgent = bobAgent,
                BobDecision = bobDecision.Id,
            };
        }

        /// <summary>Nothing of Alice's changed.</summary>
        public async Task AssertAliceUntouchedAsync()
        {
            var agent = await Alice.GetAgentAsync(AliceAgentId).Within();
            Assert.Equal("Helper", agent.Name);
            Assert.Empty(agent.SharedWith);
            Assert.Equal(DecisionStatus.Pending, (await Alice.GetDecisionAsync(AliceDecision).Within()).Status);
            Assert.Equal(AliceRule.Id, Assert.Single(await Alice.GetRulesAsync(AliceAgentId).Within()).Id);
            Assert.Single(await Alice.GetConversationsAsync(AliceAgentId).Within());
            Assert.Equal(["secret plans"], (await Alice.GetMessagesAsync(AliceConversation).Within()).Items.Select(m => m.Text));
            Assert.True(AliceAgent.IsConnected);
        }

        public async ValueTask DisposeAsync()
        {
            await AliceAgent.DisposeAsync();
            await BobAgent.DisposeAsync();
            await Host.DisposeAsync();
        }
    }

    private static readonly Dictionary<string, Func<World, NodUserClient, Task>> UserOperations = new()
    {
        ["GetAgentAsync"] = (w, u) => u.GetAgentAsync(w.AliceAgentId),
        ["UpdateAgentAsync"] = (w, u) => u.UpdateAgentAsync(w.AliceAgentId, new UpdateAgentRequest { Name = "Mine now" }),
        ["DeleteAgentAsync"] = (w, u) => u.DeleteAgentAsync(w.AliceAgentId),
        ["RotateSecretAsync"] = (w, u) => u.RotateSecretAsync(w.AliceAgentId),
        ["RotateWebhookSecretAsync"] = (w, u) => u.RotateWebhookSecretAsync(w.AliceAgentId),
        ["ShareAgentAsync with self"] = (w, u) => u.ShareAgentAsync(w.AliceAgentId, u.UserId),
        ["ShareAgentAsync with another"] = (w, u) => u.ShareAgentAsync(w.AliceAgentId, "carol"),
        ["UnshareAgentAsync"] = (w, u) => u.UnshareAgentAsync(w.AliceAgentId, "carol"),
        ["GetConversationsAsync"] = (w, u) => u.GetConversationsAsync(w.AliceAgentId),
        ["CreateConversationAsync"] = (w, u) => u.CreateConversationAsync(w.AliceAgentId, new CreateConversationRequest { Title = "hijack" }),
        ["GetConversationAsync"] = (w, u) => u.GetConversationAsync(w.AliceConversation),
        ["GetMessagesAsync"] = (w, u) => u.GetMessagesAsync(w.AliceConversation),
        ["SendMessageAsync"] = (w, u) => u.SendMessageAsync(w.AliceConversation, "hello from outside"),
        ["SendMessageAsync replying to Alice's message"] = (w, u) =>
            u.SendMessageAsync(w.AliceConversation, new SendMessageRequest { Text = "re", ReplyToId = w.AliceMessage }),
        ["GetDecisionsAsync by agent"] = (w, u) => u.GetDecisionsAsync(new DecisionQuery { AgentId = w.AliceAgentId, Status = DecisionFilter.All }),
        ["GetDecisionsAsync by conversation"] = (w, u) => u.GetDecisionsAsync(new DecisionQuery { ConversationId = w.AliceConversation, Status = DecisionFilter.All }),
        ["GetDecisionAsync"] = (w, u) => u.GetDecisionAsync(w.AliceDecision),
        ["ResolveDecisionAsync"] = (w, u) => u.ResolveDecisionAsync(w.AliceDecision, new ResolveDecisionRequest { Status = DecisionStatus.Rejected, Note = "no" }),
        ["ApproveAsync"] = (w, u) => u.ApproveAsync(w.AliceDecision),
        ["DismissAsync"] = (w, u) => u.DismissAsync(w.AliceDecision),
        ["GetRulesAsync"] = (w, u) => u.GetRulesAsync(w.AliceAgentId),
        ["AddRuleAsync"] = (w, u) => u.AddRuleAsync(w.AliceAgentId, new AddRuleRequest { Pattern = "*", Effect = RuleEffect.Allow }),
        ["RevokeRuleAsync"] = (w, u) => u.RevokeRuleAsync(w.AliceAgentId, w.AliceRule.Id),
        ["RevokeRuleAsync through own agent"] = (w, u) => u.RevokeRuleAsync(w.BobAgent.AgentId, w.AliceRule.Id),
        ["GetActivityAsync"] = (w, u) => u.GetActivityAsync(w.AliceAgentId),
    };

    public static TheoryData<string> UserOperationNames => [.. UserOperations.Keys];

    [Theory]
    [MemberData(nameof(UserOperationNames))]
    public async Task OtherUser_AnyCallWithAlicesIds_404AndNothingChanges(string operation)
    {
        await using var world = await World.CreateAsync();

        await FailsWith(NodErrorKind.NotFound, () => UserOperations[operation](world, world.Bob));

        await world.AssertAliceUntouchedAsync();
    }

    [Theory]
    [MemberData(nameof(UserOperationNames))]
    public async Task UnknownUser_AnyCallWithAlicesIds_404(string operation)
    {
        await using var world = await World.CreateAsync();

        await FailsWith(NodErrorKind.NotFound, () => UserOperations[operation](world, world.Host.Nod.ForUser("mallory", "Mallory")));

        await world.AssertAliceUntouchedAsync();
    }

    [Fact]
    public async Task OtherUser_Lists_NeverContainAlicesItems()
    {
        await using var world = await World.CreateAsync();
        var bob = world.Bob;
        var bobAgentId = world.BobAgent.AgentId;

        Assert.Equal([bobAgentId], (await bob.GetAgentsAsync().Within()).Select(a => a.Id));
        foreach (var filter in new[] { DecisionFilter.Pending, DecisionFilter.Resolved, DecisionFilter.All })
        {
            var decisions = await bob.GetDecisionsAsync(new DecisionQuery { Status = filter }).Within();
            Assert.All(decisions.Items, d => Assert.Equal(bobAgentId, d.AgentId));
        }

        Assert.Equal([world.BobDecision], (await bob.GetDecisionsAsync().Within()).Items.Select(d => d.Id));
        var activity = await bob.GetActivityAsync().Within();
        Assert.NotEmpty(activity.Items);
        Assert.All(activity.Items, a => Assert.Equal(bobAgentId, a.AgentId));
        Assert.Empty(bob.GetIndicators());

        // Alice sees her own, so the lists above are not empty by accident.
        Assert.Single(world.Alice.GetIndicators());
        Assert.Contains(world.AliceDecision, (await world.Alice.GetDecisionsAsync().Within()).Items.Select(d => d.Id));
    }

    [Fact]
    public async Task OtherUser_Stream_SnapshotAndLiveFramesNeverContainAlicesItems()
    {
        await using var world = await World.CreateAsync();
        var bobAgentId = world.BobAgent.AgentId;
        await using var stream = await world.Bob.SubscribeAsync(after: 0).Within();

        Assert.Equal([world.BobDecision], stream.Snapshot.PendingDecisions.Select(d => d.Id));
        Assert.Empty(stream.Snapshot.Indicators);
        Assert.Equal([bobAgentId], stream.Snapshot.Agents.Select(a => a.AgentId));

        // Replayed from the start of the log: only Bob's agent.
        var sentinelTitle = "Bob's sentinel";
        await AliceAgentDoesEverythingAsync(world);
        await world.BobAgent.AlertAsync(sentinelTitle).Within();
        var seen = await stream.Subscription.ReadUntilAsync(e => e.Frame is ActivityCreatedFrame { Activity.Title: var t } && t == sentinelTitle);
        Assert.NotEmpty(seen);
        Assert.All(seen, e => Assert.Equal(bobAgentId, e.AgentId));
    }

    [Fact]
    public async Task OtherUser_LiveStream_AlicesEventsNeverArrive()
    {
        await using var world = await World.CreateAsync();
        await using var stream = await world.Bob.SubscribeAsync().Within();

        await AliceAgentDoesEverythingAsync(world);
        await world.BobAgent.AlertAsync("Bob's sentinel").Within();

        var first = await stream.Subscription.NextAsync();
        var activity = Assert.IsType<ActivityCreatedFrame>(first.Frame);
        Assert.Equal("Bob's sentinel", activity.Activity.Title);
        Assert.Equal(world.BobAgent.AgentId, first.AgentId);
    }

    [Fact]
    public async Task Share_ThenOtherUser_SeesAgentAndItsThings()
    {
        await using var world = await World.CreateAsync();
        var bob = world.Bob;

        var shared = await world.Alice.ShareAgentAsync(world.AliceAgentId, "bob").Within();

        Assert.Equal(["bob"], shared.SharedWith);
        Assert.Equal("alice", (await bob.GetAgentAsync(world.AliceAgentId).Within()).OwnerId);
        Assert.Contains(world.AliceAgentId, (await bob.GetAgentsAsync().Within()).Select(a => a.Id));
        Assert.Contains(world.AliceDecision, (await bob.GetDecisionsAsync().Within()).Items.Select(d => d.Id));
        Assert.Equal(world.AliceDecision, (await bob.GetDecisionAsync(world.AliceDecision).Within()).Id);
        Assert.Equal(world.AliceConversation, Assert.Single(await bob.GetConversationsAsync(world.AliceAgentId).Within()).Id);
        Assert.Equal(["secret plans"], (await bob.GetMessagesAsync(world.AliceConversation).Within()).Items.Select(m => m.Text));
        Assert.Single(await bob.GetRulesAsync(world.AliceAgentId).Within());
        Assert.NotEmpty((await bob.GetActivityAsync(world.AliceAgentId).Within()).Items);
        Assert.Contains(bob.GetIndicators(), i => i.AgentId == world.AliceAgentId);
        await using (var fresh = await bob.SubscribeAsync().Within())
        {
            Assert.Contains(world.AliceDecision, fresh.Snapshot.PendingDecisions.Select(d => d.Id));
            Assert.Contains(fresh.Snapshot.Agents, a => a.AgentId == world.AliceAgentId && a.Online);
        }

        // Bob can act on it: write to the agent, resolve its request.
        await using var updates = world.AliceAgent.SubscribeUpdates();
        await bob.SendMessageAsync(world.AliceConversation, "hi from Bob").Within();
        var received = await updates.NextAsync<UserMessageFrame>();
        Assert.Equal("Bob", received.SenderName);
        var resolved = await bob.ApproveAsync(world.AliceDecision, "fine").Within();
        Assert.Equal("Bob", resolved.ResolvedBy);
    }

    [Fact]
    public async Task Share_WithOpenStream_StreamReceivesAgentAtOnce()
    {
        await using var world = await World.CreateAsync();
        await using var stream = await world.Bob.SubscribeAsync().Within();

        await world.Alice.ShareAgentAsync(world.AliceAgentId, "bob").Within();
        var updated = await stream.Subscription.NextAsync<AgentUpdatedFrame>();
        Assert.Equal(world.AliceAgentId, updated.Agent.Id);
        Assert.Contains("bob", updated.Agent.SharedWith);

        await world.AliceAgent.SendMessageAsync("now Bob hears me").Within();
        var message = await stream.Subscription.NextAsync<MessageCreatedFrame>();
        Assert.Equal("now Bob hears me", message.Message.Text);
        Assert.Equal(world.AliceAgentId, message.Message.AgentId);

        var pending = await world.AliceAgent.RequestDecisionAsync(Approval("for Bob too")).Within();
        Assert.Equal(pending.Id, (await stream.Subscription.NextAsync<DecisionCreatedFrame>()).Decision.Id);
    }

    public static TheoryData<string> OwnerOnlyOperations =>
    [
        "DeleteAgentAsync", "RotateSecretAsync", "RotateWebhookSecretAsync", "ShareAgentAsync", "UnshareAgentAsync", "UnshareAgentAsync self",
    ];

    [Theory]
    [MemberData(nameof(OwnerOnlyOperations))]
    public async Task SharedUser_OwnerOnlyOperation_403(string operation)
    {
        await using var world = await World.CreateAsync();
        await world.Alice.ShareAgentAsync(world.AliceAgentId, "bob").Within();
        var id = world.AliceAgentId;
        var bob = world.Bob;

        await FailsWith(NodErrorKind.Forbidden, () => operation switch
        {
            "DeleteAgentAsync" => bob.DeleteAgentAsync(id),
            "RotateSecretAsync" => bob.RotateSecretAsync(id),
            "RotateWebhookSecretAsync" => bob.RotateWebhookSecretAsync(id),
            "ShareAgentAsync" => bob.ShareAgentAsync(id, "carol"),
            "UnshareAgentAsync" => bob.UnshareAgentAsync(id, "carol"),
            _ => bob.UnshareAgentAsync(id, "bob"),
        });

        var agent = await world.Alice.GetAgentAsync(id).Within();
        Assert.Equal(["bob"], agent.SharedWith);
        Assert.True(world.AliceAgent.IsConnected);
        Assert.Equal(id, world.Host.Nod.AuthenticateAgent(id, world.AliceSecret).AgentId);
    }

    [Fact]
    public async Task Unshare_ThenOtherUser_Back404AndStreamStops()
    {
        await using var world = await World.CreateAsync();
        await world.Alice.ShareAgentAsync(world.AliceAgentId, "bob").Within();
        await using var stream = await world.Bob.SubscribeAsync().Within();
        Assert.Contains(stream.Snapshot.Agents, a => a.AgentId == world.AliceAgentId);

        await world.Alice.UnshareAgentAsync(world.AliceAgentId, "bob").Within();

        var removed = await stream.Subscription.NextAsync<AgentRemovedFrame>();
        Assert.Equal(world.AliceAgentId, removed.AgentId);
        Assert.Equal("bob", removed.UserId);
        foreach (var (name, operation) in UserOperations)
        {
            var error = await Record(() => operation(world, world.Bob));
            Assert.True(error is NodException { Kind: NodErrorKind.NotFound }, $"{name}: expected 404, got {error?.GetType().Name} {(error as NodException)?.Kind}");
        }

        await world.AliceAgent.SendMessageAsync("Bob must not see this").Within();
        await world.BobAgent.AlertAsync("Bob's sentinel").Within();
        var next = await stream.Subscription.NextAsync();
        Assert.Equal(world.BobAgent.AgentId, next.AgentId);
        Assert.Equal("Bob's sentinel", Assert.IsType<ActivityCreatedFrame>(next.Frame).Activity.Title);
        Assert.DoesNotContain(world.AliceAgentId, (await world.Bob.GetAgentsAsync().Within()).Select(a => a.Id));
        Assert.Empty(world.Bob.GetIndicators());
    }

    [Fact]
    public async Task Unshare_AndSharedUsersCallsInOneBatch_Refused404()
    {
        var store = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (alice, agent, _) = await host.UserWithAgentAsync("alice");
        await using var connection = agent;
        var bob = host.Nod.ForUser("bob", "Bob");
        await alice.ShareAgentAsync(agent.AgentId, "bob").Within();
        var pending = await agent.RequestDecisionAsync(Approval()).Within();

        var calls = new List<Task>();
        await store.InOneBatchAsync(agent, () =>
        {
            calls.Add(alice.UnshareAgentAsync(agent.AgentId, "bob"));
            calls.Add(bob.ApproveAsync(pending.Id));
            calls.Add(bob.SendMessageAsync(agent.DefaultConversationId!, "still here?"));
            calls.Add(bob.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "*", Effect = RuleEffect.Allow }));
            calls.Add(bob.CreateConversationAsync(agent.AgentId));
        });

        await calls[0].Within();
        foreach (var call in calls.Skip(1))
        {
            await FailsWith(NodErrorKind.NotFound, () => call);
        }

        Assert.Equal(DecisionStatus.Pending, (await alice.GetDecisionAsync(pending.Id).Within()).Status);
        Assert.Empty(await alice.GetRulesAsync(agent.AgentId).Within());
    }

    [Fact]
    public async Task Share_AndSubscribeInOneBatch_StreamReceivesTheAgentEitherWay()
    {
        var store = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (alice, agent, _) = await host.UserWithAgentAsync("alice");
        await using var connection = agent;
        var bob = host.Nod.ForUser("bob", "Bob");
        var carol = host.Nod.ForUser("carol", "Carol");

        Task<NodUserStream>? bobStream = null;
        Task<NodUserStream>? carolStream = null;
        await store.InOneBatchAsync(agent, () =>
        {
            bobStream = bob.SubscribeAsync();
            _ = alice.ShareAgentAsync(agent.AgentId, "bob");
            _ = alice.ShareAgentAsync(agent.AgentId, "carol");
            carolStream = carol.SubscribeAsync();
        });
        await using var bobs = await bobStream!.Within();
        await using var carols = await carolStream!.Within();

        await agent.SendMessageAsync("to both").Within();

        Assert.Equal("to both", (await bobs.Subscription.NextAsync<MessageCreatedFrame>()).Message.Text);
        Assert.Equal("to both", (await carols.Subscription.NextAsync<MessageCreatedFrame>()).Message.Text);
        Assert.Contains(carols.Snapshot.Agents, a => a.AgentId == agent.AgentId);
    }

    [Fact]
    public async Task Agent_AnotherAgentsDecision_404ToReadCancelOrWait()
    {
        await using var world = await World.CreateAsync();
        var other = await world.Alice.CreateAgentAsync(new CreateAgentRequest { Name = "Sibling" }).Within();
        await using var sibling = await world.Host.Nod.ConnectAgentAsync(other.AgentId, other.Secret).Within();
        var restSibling = world.Host.Nod.AuthenticateAgent(other.AgentId, other.Secret);

        foreach (var agent in new[] { sibling, restSibling, world.BobAgent })
        {
            await FailsWith(NodErrorKind.NotFound, () => agent.GetDecisionAsync(world.AliceDecision));
            await FailsWith(NodErrorKind.NotFound, () => agent.CancelDecisionAsync(world.AliceDecision));
            await FailsWith(NodErrorKind.NotFound, () => agent.WaitForResolutionAsync(world.AliceDecision));
        }

        await world.AssertAliceUntouchedAsync();
    }

    [Fact]
    public async Task Agent_AnotherAgentsResolvedDecision_404NotConflict()
    {
        await using var world = await World.CreateAsync();
        await world.Alice.ApproveAsync(world.AliceDecision).Within();

        await FailsWith(NodErrorKind.NotFound, () => world.BobAgent.CancelDecisionAsync(world.AliceDecision));
        await FailsWith(NodErrorKind.NotFound, () => world.BobAgent.GetDecisionAsync(world.AliceDecision));
        await FailsWith(NodErrorKind.NotFound, () => world.BobAgent.WaitForResolutionAsync(world.AliceDecision));
        await FailsWith(NodErrorKind.NotFound, () => world.Bob.ApproveAsync(world.AliceDecision));
    }

    [Fact]
    public async Task Agent_AnotherAgentsConversation_404()
    {
        await using var world = await World.CreateAsync();

        await FailsWith(NodErrorKind.NotFound, () => world.BobAgent.SendMessageAsync("intrude", world.AliceConversation));
        await FailsWith(NodErrorKind.NotFound, () => world.BobAgent.RequestDecisionAsync(Approval(conversationId: world.AliceConversation)));
        await FailsWith(NodErrorKind.NotFound, () => world.BobAgent.StartProcessingAsync("x", world.AliceConversation));

        await world.AssertAliceUntouchedAsync();
        Assert.Single(world.Alice.GetIndicators());
    }

    [Fact]
    public async Task Agent_UpdateLog_HoldsOnlyItsOwnUpdates()
    {
        await using var world = await World.CreateAsync();
        await world.Alice.SendMessageAsync(world.AliceConversation, "for Alice's agent").Within();
        await world.Alice.ApproveAsync(world.AliceDecision).Within();

        var bobs = await world.BobAgent.GetUpdatesAsync().Within();

        Assert.Empty(bobs);
        Assert.Equal(2, (await world.AliceAgent.GetUpdatesAsync().Within()).Count);
    }

    private static async Task AliceAgentDoesEverythingAsync(World world)
    {
        var agent = world.AliceAgent;
        await agent.SendMessageAsync("more secrets").Within();
        await agent.RequestDecisionAsync(Permission()).Within();
        await agent.AlertAsync("busy").Within();
        await agent.HeartbeatAsync("still busy").Within();
        await agent.StopProcessingAsync().Within();
        await world.Alice.SendMessageAsync(world.AliceConversation, "Alice writes").Within();
        await world.Alice.ApproveAsync(world.AliceDecision).Within();
        await world.Alice.UpdateAgentAsync(world.AliceAgentId, new UpdateAgentRequest { Description = "renamed" }).Within();
        await world.Alice.ShareAgentAsync(world.AliceAgentId, "carol").Within();
        var other = await world.Alice.CreateAgentAsync(new CreateAgentRequest { Name = "Alice's second" }).Within();
        await using var second = await world.Host.Nod.ConnectAgentAsync(other.AgentId, other.Secret).Within();
        await second.SendMessageAsync("from the second agent").Within();
    }
}
