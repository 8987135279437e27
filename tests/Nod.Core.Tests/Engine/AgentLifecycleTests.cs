using System.Security.Cryptography;
using System.Text;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;
using static Nod.Core.Tests.Engine.EngineTestKit;

namespace Nod.Core.Tests.Engine;

/// <summary>Creating, authenticating, rotating and deleting agents; interactive and approval-only agents (PROTOCOL §1, §2, §7).</summary>
public sealed class AgentLifecycleTests
{
    private const string UnknownConversation = "conv_0000000000000000";

    [Fact]
    public async Task CreateAgent_ReturnsSecretsOnceAndKeepsOnlyTheirHash()
    {
        await using var host = await NodTestHost.StartAsync();
        var alice = host.Nod.ForUser("alice", "Alice");

        var created = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "  Helper  ", Description = "does things" }).Within();

        Assert.Matches("^agt_[0-9a-f]{16}$", created.AgentId);
        Assert.Equal(created.AgentId, created.Agent.Id);
        Assert.Matches("^nod_[0-9a-f]{40}$", created.Secret);
        Assert.StartsWith("whsec_", created.WebhookSecret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(created.WebhookSecret["whsec_".Length..]).Length);
        Assert.Equal("Helper", created.Agent.Name);
        Assert.Equal("does things", created.Agent.Description);
        Assert.Equal(AgentType.Interactive, created.Agent.Type);
        Assert.Equal("alice", created.Agent.OwnerId);
        Assert.Empty(created.Agent.SharedWith);
        Assert.False(created.Agent.Online);
        Assert.Null(created.Agent.DefaultConversationId);
        Assert.Equal(host.NowMs(), created.Agent.CreatedAt);

        var record = await host.Store.Agents.GetAsync(created.AgentId).Within();
        Assert.NotNull(record);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Secret))), record.SecretHash);
        Assert.DoesNotContain(created.Secret, record.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret[4..], record.SecretHash, StringComparison.Ordinal);

        // Nothing a user can read again carries the secret.
        var again = await alice.GetAgentAsync(created.AgentId).Within();
        Assert.DoesNotContain(created.Secret, again.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(created.WebhookSecret, again.ToString(), StringComparison.Ordinal);
        foreach (var logged in await host.Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, [created.AgentId], 100)).Within())
        {
            Assert.DoesNotContain(created.Secret, Encoding.UTF8.GetString(logged.Payload.Span), StringComparison.Ordinal);
            Assert.DoesNotContain(created.WebhookSecret, Encoding.UTF8.GetString(logged.Payload.Span), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CreateAgent_WithOwnersStreamOpen_StreamReceivesTheNewAgentAtOnce()
    {
        // agent_updated: "an agent was created, changed, or became visible through sharing"; the stream carries
        // "every event of the agents the user can see".
        await using var host = await NodTestHost.StartAsync();
        var (alice, existing, _) = await host.UserWithAgentAsync();
        await using var existingConnection = existing;
        await using var stream = await alice.SubscribeAsync().Within();

        var created = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "Newcomer" }).Within();
        await using var agent = await host.Nod.ConnectAgentAsync(created.AgentId, created.Secret).Within();
        await agent.SendMessageAsync("hello from the new agent").Within();
        await existing.AlertAsync("sentinel").Within();

        var seen = await stream.Subscription.ReadUntilAsync(e => e.Frame is ActivityCreatedFrame { Activity.Title: "sentinel" });
        Assert.Contains(seen, e => e.Frame is AgentUpdatedFrame u && u.Agent.Id == created.AgentId);
        Assert.Contains(seen, e => e.Frame is MessageCreatedFrame m && m.Message.Text == "hello from the new agent");
    }

    [Fact]
    public async Task CreateAgent_Twice_DifferentIdsAndSecrets()
    {
        await using var host = await NodTestHost.StartAsync();
        var alice = host.Nod.ForUser("alice", "Alice");

        var a = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "A" }).Within();
        var b = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "A" }).Within();

        Assert.NotEqual(a.AgentId, b.AgentId);
        Assert.NotEqual(a.Secret, b.Secret);
        Assert.NotEqual(a.WebhookSecret, b.WebhookSecret);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CreateAgent_WithoutName_400NamingName(string? name)
    {
        await using var host = await NodTestHost.StartAsync();
        var alice = host.Nod.ForUser("alice", "Alice");

        var error = await FailsWith(NodErrorKind.InvalidRequest, () => alice.CreateAgentAsync(new CreateAgentRequest { Name = name }));

        Assert.Contains("name", error.Detail, StringComparison.Ordinal);
        Assert.Empty(await alice.GetAgentsAsync().Within());
    }

    [Fact]
    public async Task Authenticate_WrongOrMissingSecret_401()
    {
        await using var host = await NodTestHost.StartAsync();
        var (_, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var wrong = "nod_" + new string('0', 40);

        await FailsWith(NodErrorKind.Unauthorized, () => Task.FromResult(host.Nod.AuthenticateAgent(credentials.AgentId, wrong)));
        await FailsWith(NodErrorKind.Unauthorized, () => Task.FromResult(host.Nod.AuthenticateAgent(credentials.AgentId, string.Empty)));
        await FailsWith(NodErrorKind.Unauthorized, () => Task.FromResult(host.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret.ToUpperInvariant())));
        await FailsWith(NodErrorKind.Unauthorized, () => Task.FromResult(host.Nod.AuthenticateAgent("agt_0000000000000000", credentials.Secret)));
        await FailsWith(NodErrorKind.Unauthorized, () => host.Nod.ConnectAgentAsync(credentials.AgentId, wrong));
        await FailsWith(NodErrorKind.NotFound, () => host.Nod.ConnectAgentAsync("agt_0000000000000000", credentials.Secret));

        var rest = host.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret);
        Assert.False(rest.IsConnected);
        Assert.Null(rest.DefaultConversationId);
        Assert.NotNull(await rest.SendMessageAsync("works").Within());
    }

    [Fact]
    public async Task RotateSecret_OldSecret401NewWorksAndOpenConnectionEnds()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var ended = WhenEnded(agent);
        Assert.True(agent.IsConnected);
        Assert.Null(agent.EndReason);

        var secret = await user.RotateSecretAsync(credentials.AgentId).Within();

        Assert.Matches("^nod_[0-9a-f]{40}$", secret);
        Assert.NotEqual(credentials.Secret, secret);
        await ended.Within();
        Assert.Equal(ConnectionEndReason.SecretRotated, agent.EndReason);
        Assert.False(agent.IsConnected);

        await FailsWith(NodErrorKind.Unauthorized, () => Task.FromResult(host.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret)));
        await FailsWith(NodErrorKind.Unauthorized, () => host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret));
        await using var reconnected = await host.Nod.ConnectAgentAsync(credentials.AgentId, secret).Within();
        Assert.True(reconnected.IsConnected);
        Assert.NotNull(await host.Nod.AuthenticateAgent(credentials.AgentId, secret).SendMessageAsync("back").Within());

        var record = await host.Store.Agents.GetAsync(credentials.AgentId).Within();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), record!.SecretHash);
        Assert.Equal(credentials.WebhookSecret, record.WebhookSecret);
    }

    [Fact]
    public async Task RotateSecret_OpenConnectionEnded_AgentNoLongerOnline()
    {
        // Agent.Online: "at least one agent connection (WebSocket or in-process) is open"; rotation ends every one.
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;
        Assert.True((await user.GetAgentAsync(credentials.AgentId).Within()).Online);

        await user.RotateSecretAsync(credentials.AgentId).Within();

        Assert.False(agent.IsConnected);
        Assert.False((await user.GetAgentAsync(credentials.AgentId).Within()).Online);
    }

    [Fact]
    public async Task RotateSecret_EndedConnection_RefusesFurtherEvents401()
    {
        // A WebSocket is closed with 4003 on rotation: nothing more can be sent on it. The in-process connection ends too.
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;

        await user.RotateSecretAsync(credentials.AgentId).Within();

        Assert.False(agent.IsConnected);
        await FailsWith(NodErrorKind.Unauthorized, () => agent.SendMessageAsync("on an ended connection"));
        Assert.Empty((await user.GetMessagesAsync(agent.DefaultConversationId!).Within()).Items);
    }

    [Fact]
    public async Task RotateSecret_RestClientWithOldSecret_Refused401()
    {
        // REST sends the secret on every call, so "the old secret stops working at once"; the in-process REST-like
        // client was authenticated with the old secret and must stop working as well.
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var rest = host.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret);

        await user.RotateSecretAsync(credentials.AgentId).Within();

        await FailsWith(NodErrorKind.Unauthorized, () => rest.SendMessageAsync("with the old secret"));
    }

    [Fact]
    public async Task RotateSecret_AndConnectWithOldSecretInOneBatch_ConnectRefused401()
    {
        var store = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;

        Task<string>? rotating = null;
        Task<NodAgentClient>? connecting = null;
        await store.InOneBatchAsync(agent, () =>
        {
            rotating = user.RotateSecretAsync(credentials.AgentId);
            connecting = host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret);
        });

        await rotating!.Within();
        await FailsWith(NodErrorKind.Unauthorized, () => connecting!);
    }

    [Fact]
    public async Task ConnectWithOldSecret_AndRotateInOneBatch_NewConnectionEnds()
    {
        var store = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;

        Task<NodAgentClient>? connecting = null;
        Task<string>? rotating = null;
        await store.InOneBatchAsync(agent, () =>
        {
            connecting = host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret);
            rotating = user.RotateSecretAsync(credentials.AgentId);
        });

        await using var late = await connecting!.Within();
        await rotating!.Within();
        Assert.Equal(ConnectionEndReason.SecretRotated, late.EndReason);
        Assert.False(late.IsConnected);
        Assert.Equal(ConnectionEndReason.SecretRotated, agent.EndReason);
    }

    [Fact]
    public async Task ConnectAndDeleteInOneBatch_ConnectionEndsWithAgentDeleted()
    {
        var store = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var helper = (await host.UserWithAgentAsync("bob")).Agent;
        await using var helperConnection = helper;

        Task<NodAgentClient>? connecting = null;
        Task? deleting = null;
        Task<NodAgentClient>? tooLate = null;
        await store.InOneBatchAsync(helper, () =>
        {
            connecting = host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret);
            deleting = user.DeleteAgentAsync(credentials.AgentId);
            tooLate = host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret);
        });

        await using var connected = await connecting!.Within();
        await deleting!.Within();
        Assert.Equal(ConnectionEndReason.AgentDeleted, connected.EndReason);
        await FailsWith(NodErrorKind.NotFound, () => tooLate!);
    }

    [Fact]
    public async Task RotateWebhookSecret_ChangesItAndKeepsAgentSecret()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;

        var rotated = await user.RotateWebhookSecretAsync(credentials.AgentId).Within();

        Assert.StartsWith("whsec_", rotated, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(rotated["whsec_".Length..]).Length);
        Assert.NotEqual(credentials.WebhookSecret, rotated);
        Assert.Equal(rotated, (await host.Store.Agents.GetAsync(credentials.AgentId).Within())!.WebhookSecret);
        Assert.True(agent.IsConnected);
        Assert.Null(agent.EndReason);
        Assert.NotNull(host.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret));
    }

    [Fact]
    public async Task DeleteAgent_EverythingGoneConnectionEndsAndWaitersFail()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var id = credentials.AgentId;
        var conversation = agent.DefaultConversationId!;
        var message = await agent.SendMessageAsync("hello").Within();
        await user.SendMessageAsync(conversation, "hi").Within();
        var extra = await user.CreateConversationAsync(id).Within();
        var waiting = await agent.RequestDecisionAsync(Approval(conversationId: conversation, expiresInS: 60)).Within();
        var asking = agent.AskAsync(Question());
        var resolved = await agent.RequestDecisionAsync(Permission()).Within();
        await user.AlwaysAllowAsync(resolved.Id, "*").Within();
        await agent.StartProcessingAsync("busy").Within();
        await agent.AlertAsync("did a thing").Within();
        var ended = WhenEnded(agent);
        await using var stream = await user.SubscribeAsync().Within();

        await user.DeleteAgentAsync(id).Within();

        await ended.Within();
        Assert.Equal(ConnectionEndReason.AgentDeleted, agent.EndReason);
        Assert.IsType<NodException>(await Record(() => waiting.Resolution));
        Assert.IsType<NodException>(await Record(() => asking));
        var removed = await stream.Subscription.NextAsync<AgentRemovedFrame>();
        Assert.Equal(id, removed.AgentId);
        Assert.Null(removed.UserId);

        // The store has nothing of it left.
        var store = host.Store;
        Assert.Null(await store.Agents.GetAsync(id).Within());
        Assert.DoesNotContain(await store.Agents.ListAsync().Within(), a => a.Id == id);
        Assert.Null(await store.Conversations.GetAsync(conversation).Within());
        Assert.Null(await store.Conversations.GetAsync(extra.Id).Within());
        Assert.DoesNotContain(await store.Conversations.ListAsync().Within(), c => c.AgentId == id);
        Assert.Null(await store.Messages.GetAsync(message).Within());
        Assert.Empty(await store.Messages.GetPageAsync(conversation, null, 100).Within());
        Assert.Null(await store.Decisions.GetAsync(waiting.Id).Within());
        Assert.Null(await store.Decisions.GetAsync(resolved.Id).Within());
        Assert.DoesNotContain(await store.Decisions.ListPendingAsync().Within(), d => d.AgentId == id);
        Assert.Empty(await store.Decisions.QueryAsync(new DecisionStoreQuery([id], DecisionFilter.All, null, null, 100)).Within());
        Assert.Empty(await store.Rules.ListByAgentAsync(id).Within());
        Assert.Empty(await store.Activity.QueryAsync([id], null, 100).Within());
        Assert.Empty(await store.Events.ReadAsync(new EventLogQuery(0, EventAudience.Agent, [id], 100)).Within());
        var appEvents = await store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, [id], 100)).Within();
        Assert.All(appEvents, e => Assert.IsType<AgentRemovedFrame>(e.Frame));

        // And nobody can reach it any more.
        await FailsWith(NodErrorKind.NotFound, () => user.GetAgentAsync(id));
        Assert.Empty(await user.GetAgentsAsync().Within());
        Assert.Empty((await user.GetDecisionsAsync(new DecisionQuery { Status = DecisionFilter.All }).Within()).Items);
        Assert.Empty((await user.GetActivityAsync().Within()).Items);
        Assert.Empty(user.GetIndicators());
        await FailsWith(NodErrorKind.Unauthorized, () => Task.FromResult(host.Nod.AuthenticateAgent(id, credentials.Secret)));
        await FailsWith(NodErrorKind.NotFound, () => host.Nod.ConnectAgentAsync(id, credentials.Secret));
        await FailsWith(NodErrorKind.Unauthorized, () => agent.SendMessageAsync("still here?"));
        await FailsWith(NodErrorKind.NotFound, () => user.DeleteAgentAsync(id));

        // Its expiry timer does nothing to anyone.
        host.Time.Advance(TimeSpan.FromMinutes(5));
        var (_, survivor, _) = await host.UserWithAgentAsync("bob");
        await using var survivorConnection = survivor;
        Assert.NotNull(await survivor.SendMessageAsync("the engine carries on").Within());
    }

    [Fact]
    public async Task DefaultConversation_CreatedLazilyAndReportedInAuthAndOnAgent()
    {
        await using var host = await NodTestHost.StartAsync();
        var alice = host.Nod.ForUser("alice", "Alice");
        var created = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "Helper" }).Within();
        Assert.Null((await alice.GetAgentAsync(created.AgentId).Within()).DefaultConversationId);
        Assert.Null((await host.Store.Agents.GetAsync(created.AgentId).Within())!.DefaultConversationId);
        Assert.DoesNotContain(await host.Store.Conversations.ListAsync().Within(), c => c.AgentId == created.AgentId);

        await using var agent = await host.Nod.ConnectAgentAsync(created.AgentId, created.Secret).Within();

        var conversationId = agent.DefaultConversationId;
        Assert.NotNull(conversationId);
        Assert.Matches("^conv_[0-9a-f]{16}$", conversationId);
        Assert.Equal(conversationId, (await alice.GetAgentAsync(created.AgentId).Within()).DefaultConversationId);
        Assert.Equal(conversationId, Assert.Single(await alice.GetConversationsAsync(created.AgentId).Within()).Id);

        // A second connection reports the same one; a message without conversation_id lands there.
        await using var second = await host.Nod.ConnectAgentAsync(created.AgentId, created.Secret).Within();
        Assert.Equal(conversationId, second.DefaultConversationId);
        var messageId = await host.Nod.AuthenticateAgent(created.AgentId, created.Secret).SendMessageAsync("hello").Within();
        Assert.Equal(conversationId, (await host.Store.Messages.GetAsync(messageId).Within())!.ConversationId);
    }

    [Fact]
    public async Task DefaultConversation_FirstMessageWithoutConnection_CreatesIt()
    {
        await using var host = await NodTestHost.StartAsync();
        var alice = host.Nod.ForUser("alice", "Alice");
        var created = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "Helper" }).Within();
        var rest = host.Nod.AuthenticateAgent(created.AgentId, created.Secret);

        var messageId = await rest.SendMessageAsync("first").Within();

        var conversationId = (await alice.GetAgentAsync(created.AgentId).Within()).DefaultConversationId;
        Assert.NotNull(conversationId);
        Assert.Equal(conversationId, (await host.Store.Messages.GetAsync(messageId).Within())!.ConversationId);
        await rest.SendMessageAsync("second").Within();
        Assert.Single(await alice.GetConversationsAsync(created.AgentId).Within());
    }

    [Fact]
    public async Task DefaultConversation_UserOpensChatFirst_CreatesItOnce()
    {
        await using var host = await NodTestHost.StartAsync();
        var alice = host.Nod.ForUser("alice", "Alice");
        var created = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "Helper" }).Within();

        var conversation = Assert.Single(await alice.GetConversationsAsync(created.AgentId).Within());
        Assert.Single(await alice.GetConversationsAsync(created.AgentId).Within());

        await using var agent = await host.Nod.ConnectAgentAsync(created.AgentId, created.Secret).Within();
        Assert.Equal(conversation.Id, agent.DefaultConversationId);
        Assert.Equal(conversation.Id, (await alice.GetAgentAsync(created.AgentId).Within()).DefaultConversationId);
    }

    [Fact]
    public async Task Message_ToUnknownConversation_404()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        var error = await FailsWith(NodErrorKind.NotFound, () => agent.SendMessageAsync("lost", UnknownConversation));
        Assert.Contains(UnknownConversation, error.Detail, StringComparison.Ordinal);
        await FailsWith(NodErrorKind.NotFound, () => user.SendMessageAsync(UnknownConversation, "lost"));
        await FailsWith(NodErrorKind.NotFound, () => agent.RequestDecisionAsync(Approval(conversationId: UnknownConversation)));
        await FailsWith(NodErrorKind.NotFound, () => agent.StartProcessingAsync("x", UnknownConversation));

        Assert.Empty((await user.GetMessagesAsync(agent.DefaultConversationId!).Within()).Items);
        Assert.Empty((await user.GetDecisionsAsync().Within()).Items);
    }

    [Fact]
    public async Task Message_ToSecondConversation_LandsThere()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var second = await user.CreateConversationAsync(agent.AgentId, new CreateConversationRequest { Title = "Side project" }).Within();

        await agent.SendMessageAsync("in the side project", second.Id).Within();

        Assert.Equal("Side project", second.Title);
        Assert.Equal(["in the side project"], (await user.GetMessagesAsync(second.Id).Within()).Items.Select(m => m.Text));
        Assert.Empty((await user.GetMessagesAsync(agent.DefaultConversationId!).Within()).Items);
        Assert.Equal(2, (await user.GetConversationsAsync(agent.AgentId).Within()).Count);
    }

    [Fact]
    public async Task ApprovalOnlyAgent_NoChatButDecisionsAlertsAndIndicatorsWork()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync(type: AgentType.ApprovalOnly);
        await using var connection = agent;
        Assert.Equal(AgentType.ApprovalOnly, credentials.Agent.Type);
        var conversation = agent.DefaultConversationId;
        Assert.NotNull(conversation);

        await FailsWith(NodErrorKind.Forbidden, () => agent.SendMessageAsync("chatty"));
        await FailsWith(NodErrorKind.Forbidden, () => agent.SendMessageAsync("chatty", conversation));
        await FailsWith(NodErrorKind.Forbidden, () => host.Nod.AuthenticateAgent(agent.AgentId, credentials.Secret).SendMessageAsync("chatty"));
        await FailsWith(NodErrorKind.Forbidden, () => user.SendMessageAsync(conversation, "hello?"));
        await FailsWith(NodErrorKind.Forbidden, () => user.CreateConversationAsync(agent.AgentId));
        Assert.Empty((await user.GetMessagesAsync(conversation).Within()).Items);
        Assert.Empty(await agent.GetUpdatesAsync().Within());

        foreach (var kind in new[] { DecisionKind.Approval, DecisionKind.Choice, DecisionKind.Question, DecisionKind.Permission })
        {
            var pending = await agent.RequestDecisionAsync(Request(kind)).Within();
            await user.DismissAsync(pending.Id).Within();
            Assert.Equal(DecisionStatus.Dismissed, (await pending.Resolution.Within()).Status);
        }

        var activityId = await agent.AlertAsync("checked the inbox").Within();
        Assert.Contains(activityId, (await user.GetActivityAsync(agent.AgentId).Within()).Items.Select(a => a.Id));
        await agent.StartProcessingAsync("working").Within();
        var indicator = Assert.Single(user.GetIndicators());
        Assert.Equal(agent.AgentId, indicator.AgentId);
        Assert.Equal("working", indicator.StatusText);
        await agent.StopProcessingAsync().Within();
        Assert.Empty(user.GetIndicators());
    }

    [Fact]
    public async Task UpdateAgent_ChangesNameDescriptionAndWebhook()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        var updated = await user.UpdateAgentAsync(agent.AgentId, new UpdateAgentRequest
        {
            Name = "Renamed",
            Description = "new",
            WebhookUrl = "https://example.com/hook",
        }).Within();

        Assert.Equal("Renamed", updated.Name);
        Assert.Equal("new", updated.Description);
        Assert.Equal("https://example.com/hook", updated.WebhookUrl);
        var cleared = await user.UpdateAgentAsync(agent.AgentId, new UpdateAgentRequest { Description = string.Empty, WebhookUrl = string.Empty }).Within();
        Assert.Equal("Renamed", cleared.Name);
        Assert.Null(cleared.Description);
        Assert.Null(cleared.WebhookUrl);
    }

    private static Task WhenEnded(NodAgentClient agent)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Ended.Register(() => ended.TrySetResult());
        return ended.Task;
    }
}
