using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;

namespace Nod.AspNetCore.Tests.App;

/// <summary>The app REST API end to end (PROTOCOL §7): each route's status and shape, as a front end sees them.</summary>
public sealed class AppRestTests(SharedHost fixture) : IClassFixture<SharedHost>
{
    private NodWebHost Host => fixture.Host;

    // ---- Agents ----

    [Fact]
    public async Task Agents_CreateGetListUpdateDelete_AnswerTheirStatusesAndShapes()
    {
        var alice = OwnedResources.NewUser("alice");

        var (created, credentials) = await Host.AppPostAsync(alice, "api/app/agents", """{"name":"Deploy bot","description":"Ships it","type":"approval_only","webhook_url":"https://example.com/hook"}""");
        var agentId = credentials.GetProperty("agent_id").GetString()!;
        var (listed, list) = await Host.AppGetAsync(alice, "api/app/agents");
        var (updated, patched) = await Host.AppAsync(alice, HttpMethod.Patch, $"api/app/agents/{agentId}", """{"name":"Release bot","description":"","webhook_url":""}""");
        var (got, agent) = await Host.AppGetAsync(alice, $"api/app/agents/{agentId}");
        var (deleted, deleteBody) = await Host.AppAsync(alice, HttpMethod.Delete, $"api/app/agents/{agentId}");
        var (gone, _) = await Host.AppGetAsync(alice, $"api/app/agents/{agentId}");

        Assert.Equal(201, created);
        Assert.StartsWith("agt_", agentId);
        Assert.StartsWith("nod_", credentials.GetProperty("secret").GetString());
        Assert.StartsWith("whsec_", credentials.GetProperty("webhook_secret").GetString());
        var shape = credentials.GetProperty("agent");
        Assert.Equal(agentId, shape.GetProperty("id").GetString());
        Assert.Equal("approval_only", shape.GetProperty("type").GetString());
        Assert.Equal(alice, shape.GetProperty("owner_id").GetString());
        foreach (var field in (string[])["id", "name", "description", "type", "webhook_url", "owner_id", "shared_with", "online", "last_seen_at", "pending_decisions", "default_conversation_id", "created_at"])
        {
            Assert.True(shape.TryGetProperty(field, out _), field);
        }

        Assert.Equal(200, listed);
        Assert.Equal(agentId, Assert.Single(list.GetProperty("agents").EnumerateArray()).GetProperty("id").GetString());
        Assert.False(list.GetProperty("agents")[0].TryGetProperty("secret", out _));
        Assert.Equal(200, updated);
        Assert.Equal("Release bot", patched.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("webhook_url").ValueKind);
        Assert.Equal(200, got);
        Assert.Equal("Release bot", agent.GetProperty("name").GetString());
        Assert.Equal(204, deleted);
        Assert.Equal(JsonValueKind.Undefined, deleteBody.ValueKind);
        Assert.Equal(404, gone);
    }

    [Fact]
    public async Task Agent_ConnectedAgent_IsOnlineWithALastSeenTime()
    {
        var alice = OwnedResources.NewUser("alice");
        var (_, credentials) = await Host.AppPostAsync(alice, "api/app/agents", """{"name":"Bot"}""");
        var agentId = credentials.GetProperty("agent_id").GetString()!;

        var (_, before) = await Host.AppGetAsync(alice, $"api/app/agents/{agentId}");
        await using var socket = await Host.ConnectAsync(new AgentCredentials
        {
            Agent = null!, AgentId = agentId, Secret = credentials.GetProperty("secret").GetString()!, WebhookSecret = string.Empty,
        });
        var (_, during) = await Host.AppGetAsync(alice, "api/app/agents");

        Assert.False(before.GetProperty("online").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("last_seen_at").ValueKind);
        var online = during.GetProperty("agents")[0];
        Assert.True(online.GetProperty("online").GetBoolean());
        Assert.Equal(JsonValueKind.String, online.GetProperty("last_seen_at").ValueKind);
        Assert.StartsWith("conv_", online.GetProperty("default_conversation_id").GetString());
    }

    [Fact]
    public async Task RotateSecret_Owner_OldSecretStopsWorkingAndTheNewOneWorks()
    {
        var alice = OwnedResources.NewUser("alice");
        var (_, credentials) = await Host.AppPostAsync(alice, "api/app/agents", """{"name":"Bot"}""");
        var agentId = credentials.GetProperty("agent_id").GetString()!;
        var oldSecret = credentials.GetProperty("secret").GetString()!;
        var oldWebhookSecret = credentials.GetProperty("webhook_secret").GetString()!;

        var (rotated, secret) = await Host.AppPostAsync(alice, $"api/app/agents/{agentId}/rotate-secret");
        var (rotatedWebhook, webhook) = await Host.AppPostAsync(alice, $"api/app/agents/{agentId}/rotate-webhook-secret");
        var newSecret = secret.GetProperty("secret").GetString()!;
        var (withOld, _) = await Host.PostEventAsync(Credentials(agentId, oldSecret), """{"type":"alert","title":"x"}""");
        var (withNew, _) = await Host.PostEventAsync(Credentials(agentId, newSecret), """{"type":"alert","title":"x"}""");

        Assert.Equal(200, rotated);
        Assert.StartsWith("nod_", newSecret);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(200, rotatedWebhook);
        Assert.StartsWith("whsec_", webhook.GetProperty("webhook_secret").GetString());
        Assert.NotEqual(oldWebhookSecret, webhook.GetProperty("webhook_secret").GetString());
        Assert.Equal(401, withOld);
        Assert.Equal(200, withNew);
    }

    // ---- Conversations and messages ----

    [Fact]
    public async Task Conversations_ListCreateGet_DefaultFirstThenTheNewOne()
    {
        var alice = OwnedResources.NewUser("alice");
        var (_, credentials) = await Host.AppPostAsync(alice, "api/app/agents", """{"name":"Bot"}""");
        var agentId = credentials.GetProperty("agent_id").GetString()!;

        var (listed, list) = await Host.AppGetAsync(alice, $"api/app/agents/{agentId}/conversations");
        var (created, conversation) = await Host.AppPostAsync(alice, $"api/app/agents/{agentId}/conversations", """{"title":"Side chat"}""");
        var (untitled, noTitle) = await Host.AppPostAsync(alice, $"api/app/agents/{agentId}/conversations");
        var (got, one) = await Host.AppGetAsync(alice, $"api/app/conversations/{conversation.GetProperty("id").GetString()}");
        var (_, after) = await Host.AppGetAsync(alice, $"api/app/agents/{agentId}/conversations");

        Assert.Equal(200, listed);
        Assert.Single(list.GetProperty("conversations").EnumerateArray());
        Assert.Equal(201, created);
        Assert.Equal("Side chat", conversation.GetProperty("title").GetString());
        Assert.Equal(agentId, conversation.GetProperty("agent_id").GetString());
        Assert.Equal(201, untitled);
        Assert.Equal(JsonValueKind.Null, noTitle.GetProperty("title").ValueKind);
        Assert.Equal(200, got);
        Assert.False(one.GetProperty("processing").GetProperty("active").GetBoolean());
        Assert.Equal(3, after.GetProperty("conversations").GetArrayLength());
    }

    [Fact]
    public async Task SendMessage_TextImagesAudioAndReply_201AndTheAgentGetsEachAsUserMessage()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        // From now: the agent has already seen the conversation's first message.
        await using var updates = owned.AgentClient.SubscribeUpdates(after: await Host.Services.GetRequiredService<Nod.Storage.INodStore>().Events.GetHeadAsync().Within());
        var path = $"api/app/conversations/{owned.ConversationId}/messages";

        var (textStatus, text) = await Host.AppPostAsync(alice, path, """{"text":"Ship it"}""");
        var (imageStatus, image) = await Host.AppPostAsync(alice, path, """{"image_urls":["https://example.com/a.png","https://example.com/b.png"]}""");
        var (audioStatus, audio) = await Host.AppPostAsync(alice, path, """{"text":"transcript of the voice note","audio_url":"https://example.com/v.m4a"}""");
        var (replyStatus, reply) = await Host.AppPostAsync(alice, path, $$"""{"text":"Agreed","reply_to_id":"{{owned.MessageId}}"}""");
        var received = new List<UserMessageFrame>();
        for (var i = 0; i < 4; i++)
        {
            received.Add(await updates.NextAsync<UserMessageFrame>());
        }

        Assert.Equal([201, 201, 201, 201], [textStatus, imageStatus, audioStatus, replyStatus]);
        Assert.Equal("user", text.GetProperty("sender").GetString());
        Assert.Equal(TestAuthentication.DisplayName(alice), text.GetProperty("sender_name").GetString());
        Assert.StartsWith("msg_", text.GetProperty("id").GetString());
        Assert.Equal(2, image.GetProperty("image_urls").GetArrayLength());
        Assert.Equal("https://example.com/v.m4a", audio.GetProperty("audio_url").GetString());
        Assert.Equal(owned.MessageId, reply.GetProperty("reply_to_id").GetString());
        Assert.Equal("hello", reply.GetProperty("reply_to_text").GetString());
        Assert.Equal(["Ship it", null, "transcript of the voice note", "Agreed"], received.Select(m => m.Text));
        Assert.Equal(["https://example.com/a.png", "https://example.com/b.png"], received[1].ImageUrls!);
        Assert.Equal("https://example.com/v.m4a", received[2].AudioUrl);
        Assert.Equal("hello", received[3].ReplyToText);
    }

    [Fact]
    public async Task Messages_Paged_NewestPageFirstOldestFirstInsideAndNullOnTheLastPage()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        for (var i = 1; i <= 4; i++)
        {
            await owned.AgentClient.SendMessageAsync($"m{i}").Within();
        }

        // "hello" (from the setup) and m1..m4.
        var path = $"api/app/conversations/{owned.ConversationId}/messages";
        var (_, first) = await Host.AppGetAsync(alice, path + "?limit=2");
        var (_, second) = await Host.AppGetAsync(alice, path + $"?limit=2&before={first.GetProperty("next_before").GetInt64()}");
        var (_, last) = await Host.AppGetAsync(alice, path + $"?limit=2&before={second.GetProperty("next_before").GetInt64()}");
        var (_, all) = await Host.AppGetAsync(alice, path);

        static IEnumerable<string?> Texts(JsonElement page) => page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString());
        Assert.Equal(["m3", "m4"], Texts(first));
        Assert.Equal(["m1", "m2"], Texts(second));
        Assert.Equal(["hello"], Texts(last));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next_before").ValueKind);
        Assert.Equal(["hello", "m1", "m2", "m3", "m4"], Texts(all));
        Assert.Equal("agent", all.GetProperty("messages")[1].GetProperty("sender").GetString());
    }

    [Fact]
    public async Task ApprovalOnlyAgent_ChatAndTasks_Answer403()
    {
        var alice = OwnedResources.NewUser("alice");
        var (_, credentials) = await Host.AppPostAsync(alice, "api/app/agents", """{"name":"Approvals","type":"approval_only"}""");
        var agentId = credentials.GetProperty("agent_id").GetString()!;

        var (conversation, _) = await Host.AppPostAsync(alice, $"api/app/agents/{agentId}/conversations");
        var (listTasks, _) = await Host.AppGetAsync(alice, $"api/app/agents/{agentId}/tasks");
        var (createTask, body) = await Host.AppPostAsync(alice, $"api/app/agents/{agentId}/tasks", """{"name":"n","prompt":"p","schedule":"0 9 * * *"}""");

        Assert.Equal(403, conversation);
        Assert.Equal(403, listTasks);
        Assert.Equal(403, createTask);
        Assert.True(body.TryGetProperty("detail", out _));
    }

    // ---- Decisions ----

    [Fact]
    public async Task Decisions_FilteredAndPaged_NewestFirst()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        var inbox = await owned.AgentClient.RequestDecisionAsync(new DecisionEvent { Title = "Inbox", Description = "d", Kind = "question" }).Within();
        var latest = await owned.AgentClient.RequestDecisionAsync(new DecisionEvent { Title = "Latest", Description = "d", Kind = "approval", ConversationId = owned.ConversationId }).Within();
        await owned.Owner.DismissAsync(latest.Id).Within();

        var (status, pending) = await Host.AppGetAsync(alice, "api/app/decisions");
        var (_, resolved) = await Host.AppGetAsync(alice, "api/app/decisions?status=resolved");
        var (_, all) = await Host.AppGetAsync(alice, $"api/app/decisions?status=all&agent_id={owned.AgentId}");
        var (_, inConversation) = await Host.AppGetAsync(alice, $"api/app/decisions?status=all&conversation_id={owned.ConversationId}");
        var (_, page1) = await Host.AppGetAsync(alice, "api/app/decisions?status=all&limit=2");
        var (_, page2) = await Host.AppGetAsync(alice, $"api/app/decisions?status=all&limit=2&before={page1.GetProperty("next_before").GetInt64()}");
        var (got, one) = await Host.AppGetAsync(alice, $"api/app/decisions/{inbox.Id}");

        static IEnumerable<string?> Ids(JsonElement page) => page.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("id").GetString());
        Assert.Equal(200, status);
        Assert.Equal([inbox.Id, owned.DecisionId], Ids(pending));
        Assert.Equal([latest.Id], Ids(resolved));
        Assert.Equal([latest.Id, inbox.Id, owned.DecisionId], Ids(all));
        Assert.Equal([latest.Id, owned.DecisionId], Ids(inConversation));
        Assert.Equal([latest.Id, inbox.Id], Ids(page1));
        Assert.Equal([owned.DecisionId], Ids(page2));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next_before").ValueKind);
        Assert.Equal(200, got);
        Assert.Equal("pending", one.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, one.GetProperty("conversation_id").ValueKind);
    }

    public static TheoryData<string, string, string, string, string?> ResolutionForms => new()
    {
        // kind, options JSON, resolve body, expected status, expected note
        { "approval", "null", """{"status":"approved","note":"go"}""", "approved", "go" },
        { "approval", "null", """{"status":"rejected","note":"not today"}""", "rejected", "not today" },
        { "choice", """["us","eu"]""", """{"status":"responded","note":"eu"}""", "responded", "eu" },
        { "choice", """["us","eu"]""", """{"status":"responded","note":"Other: both, please"}""", "responded", "Other: both, please" },
        { "question", "null", """{"status":"responded","note":"42"}""", "responded", "42" },
        { "permission", "null", """{"status":"approved"}""", "approved", null },
        { "permission", "null", """{"status":"rejected"}""", "rejected", null },
        { "question", "null", """{"status":"dismissed"}""", "dismissed", null },
    };

    [Theory]
    [MemberData(nameof(ResolutionForms))]
    public async Task Resolve_EveryForm_ReturnsTheDecisionAndTheAgentGetsItOnce(string kind, string options, string body, string status, string? note)
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        var (_, created) = await Host.PostEventAsync(owned.Agent, $$"""{"type":"decision","title":"Allow: Bash(ls)","description":"d","kind":"{{kind}}","options":{{options}}}""");
        var decisionId = created.GetProperty("decision_id").GetString()!;
        await using var updates = owned.AgentClient.SubscribeUpdates(after: 0);

        var (resolved, decision) = await Host.AppPostAsync(alice, $"api/app/decisions/{decisionId}/resolve", body);
        var (again, _) = await Host.AppPostAsync(alice, $"api/app/decisions/{decisionId}/resolve", body);
        var frame = await updates.NextAsync<DecisionResolvedFrame>();

        Assert.Equal(200, resolved);
        Assert.Equal(status, decision.GetProperty("status").GetString());
        Assert.Equal(note, decision.GetProperty("note").GetString());
        Assert.Equal(TestAuthentication.DisplayName(alice), decision.GetProperty("resolved_by").GetString());
        Assert.Equal(JsonValueKind.String, decision.GetProperty("resolved_at").ValueKind);
        Assert.Equal(409, again);
        Assert.Equal(decisionId, frame.DecisionId);
        Assert.Equal(note, frame.Note);
    }

    [Fact]
    public async Task Resolve_AlwaysAllowWithAPattern_StoresTheRuleAndTheNextMatchingRequestIsApprovedByIt()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        var (_, created) = await Host.PostEventAsync(owned.Agent,
            """{"type":"decision","title":"Allow: Bash(npm install stripe)","description":"d","kind":"permission","allows_always":true,"permission":"Bash(npm install stripe)"}""");

        var (status, decision) = await Host.AppPostAsync(alice, $"api/app/decisions/{created.GetProperty("decision_id").GetString()}/resolve",
            """{"status":"approved","always_allow":true,"always_allow_pattern":"Bash(npm install *)"}""");
        var (_, rules) = await Host.AppGetAsync(alice, $"api/app/agents/{owned.AgentId}/rules");
        var (_, next) = await Host.PostEventAsync(owned.Agent, """{"type":"decision","title":"x","description":"d","kind":"permission","permission":"Bash(npm install left-pad)"}""");
        var (_, auto) = await Host.AppGetAsync(alice, $"api/app/decisions/{next.GetProperty("decision_id").GetString()}");

        Assert.Equal(200, status);
        Assert.True(decision.GetProperty("always_allow").GetBoolean());
        Assert.Equal("Bash(npm install *)", decision.GetProperty("always_allow_pattern").GetString());
        Assert.Contains(rules.GetProperty("rules").EnumerateArray(), r => r.GetProperty("pattern").GetString() == "Bash(npm install *)" && r.GetProperty("effect").GetString() == "allow");
        Assert.Equal("approved", auto.GetProperty("status").GetString());
        Assert.Equal("rule", auto.GetProperty("resolved_by").GetString());
    }

    [Theory]
    [InlineData("approval", """{"status":"responded","note":"x"}""", "status")]
    [InlineData("question", """{"status":"approved"}""", "status")]
    [InlineData("question", """{"status":"responded"}""", "note")]
    [InlineData("approval", """{"status":"approved","always_allow":true,"always_allow_pattern":"*"}""", "always_allow")]
    [InlineData("permission", """{"status":"approved","always_allow":true}""", "always_allow_pattern")]
    [InlineData("approval", """{"status":"pending"}""", "status")]
    public async Task Resolve_StatusThatDoesNotFitTheKind_Answers400NamingTheField(string kind, string body, string field)
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        var offersAlways = kind == "permission" ? "true" : "false";
        var (_, created) = await Host.PostEventAsync(owned.Agent, $$"""{"type":"decision","title":"t","description":"d","kind":"{{kind}}","allows_always":{{offersAlways}}}""");

        var (status, error) = await Host.AppPostAsync(alice, $"api/app/decisions/{created.GetProperty("decision_id").GetString()}/resolve", body);

        Assert.Equal(400, status);
        Assert.Contains(field, error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Resolve_AlwaysAllowOnAPermissionThatDoesNotOfferIt_Answers400AndAddsNoRule()
    {
        // The agent decides whether a request may be allowed for good; the user can still add a rule of their own.
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        var (_, created) = await Host.PostEventAsync(owned.Agent, """{"type":"decision","title":"t","description":"d","kind":"permission","permission":"Bash(make clean)","allows_always":false}""");
        var decisionId = created.GetProperty("decision_id").GetString();

        var (status, error) = await Host.AppPostAsync(alice, $"api/app/decisions/{decisionId}/resolve",
            """{"status":"approved","always_allow":true,"always_allow_pattern":"*"}""");
        var (_, rules) = await Host.AppGetAsync(alice, $"api/app/agents/{owned.AgentId}/rules");
        var (_, decision) = await Host.AppGetAsync(alice, $"api/app/decisions/{decisionId}");

        Assert.Equal(400, status);
        Assert.Contains("always_allow", error.GetProperty("detail").GetString());
        Assert.DoesNotContain(rules.GetProperty("rules").EnumerateArray(), r => r.GetProperty("pattern").GetString() == "*");
        Assert.Equal("pending", decision.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resolve_TwoUsersOfASharedAgentAtOnce_OneWinsTheOtherGets409()
    {
        var alice = OwnedResources.NewUser("alice");
        var bob = OwnedResources.NewUser("bob");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        await owned.Owner.ShareAgentAsync(owned.AgentId, bob).Within();
        await using var updates = owned.AgentClient.SubscribeUpdates(after: 0);

        var results = await Task.WhenAll(
            Host.AppPostAsync(alice, $"api/app/decisions/{owned.DecisionId}/resolve", """{"status":"approved"}"""),
            Host.AppPostAsync(bob, $"api/app/decisions/{owned.DecisionId}/resolve", """{"status":"rejected"}"""));
        var frame = await updates.NextAsync<DecisionResolvedFrame>();
        var marker = await owned.AgentClient.RequestDecisionAsync(new DecisionEvent { Title = "m", Description = "d", Kind = "approval" }).Within();
        await owned.Owner.DismissAsync(marker.Id).Within();
        var next = await updates.NextAsync<DecisionResolvedFrame>();

        Assert.Equal([200, 409], results.Select(r => r.Status).Order());
        var winner = results.Single(r => r.Status == 200).Body;
        Assert.Contains("detail", results.Single(r => r.Status == 409).Body.GetRawText());
        Assert.Equal(winner.GetProperty("status").GetString(), frame.Status == DecisionStatus.Approved ? "approved" : "rejected");
        Assert.Equal(winner.GetProperty("resolved_by").GetString(), frame.ResolvedBy);
        Assert.Equal(marker.Id, next.DecisionId);   // no second decision_resolved for the raced decision
    }

    // ---- Rules, activity, indicators ----

    [Fact]
    public async Task Rules_AddDenyListRevoke_DenyRejectsAtOnceUntilRevoked()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        var rules = $"api/app/agents/{owned.AgentId}/rules";

        var (added, rule) = await Host.AppPostAsync(alice, rules, """{"pattern":"Bash(curl *)","effect":"deny"}""");
        var (_, list) = await Host.AppGetAsync(alice, rules);
        var (_, denied) = await Host.PostEventAsync(owned.Agent, """{"type":"decision","title":"Allow: Bash(curl evil.sh)","description":"d","kind":"permission"}""");
        var (_, deniedDecision) = await Host.AppGetAsync(alice, $"api/app/decisions/{denied.GetProperty("decision_id").GetString()}");
        var (revoked, _) = await Host.AppAsync(alice, HttpMethod.Delete, $"{rules}/{rule.GetProperty("id").GetString()}");
        var (revokedAgain, _) = await Host.AppAsync(alice, HttpMethod.Delete, $"{rules}/{rule.GetProperty("id").GetString()}");
        var (_, asked) = await Host.PostEventAsync(owned.Agent, """{"type":"decision","title":"Allow: Bash(curl evil.sh)","description":"d","kind":"permission"}""");
        var (_, askedDecision) = await Host.AppGetAsync(alice, $"api/app/decisions/{asked.GetProperty("decision_id").GetString()}");

        Assert.Equal(201, added);
        Assert.StartsWith("rul_", rule.GetProperty("id").GetString());
        Assert.Equal("deny", rule.GetProperty("effect").GetString());
        Assert.Equal(alice, rule.GetProperty("created_by").GetString());
        Assert.Equal(2, list.GetProperty("rules").GetArrayLength());   // the setup's deny rule and this one
        Assert.Equal("rejected", deniedDecision.GetProperty("status").GetString());
        Assert.Equal("rule", deniedDecision.GetProperty("resolved_by").GetString());
        Assert.Equal(204, revoked);
        Assert.Equal(404, revokedAgain);
        Assert.Equal("pending", askedDecision.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Activity_ByAgentAndPaged_NewestFirst()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        await owned.AgentClient.AlertAsync("first").Within();
        await owned.AgentClient.AlertAsync("second").Within();
        await owned.AgentClient.ReportStatusAsync("stopped").Within();

        var (status, page1) = await Host.AppGetAsync(alice, $"api/app/activity?agent_id={owned.AgentId}&limit=2");
        var (_, page2) = await Host.AppGetAsync(alice, $"api/app/activity?agent_id={owned.AgentId}&limit=2&before={page1.GetProperty("next_before").GetInt64()}");
        var (_, everything) = await Host.AppGetAsync(alice, "api/app/activity");

        Assert.Equal(200, status);
        var newest = page1.GetProperty("activity").EnumerateArray().ToList();
        Assert.Equal("system", newest[0].GetProperty("type").GetString());
        Assert.Equal("second", newest[1].GetProperty("title").GetString());
        Assert.Equal("agent_action", newest[1].GetProperty("type").GetString());
        Assert.Equal("first", page2.GetProperty("activity")[0].GetProperty("title").GetString());
        Assert.True(everything.GetProperty("activity").GetArrayLength() >= 4);   // plus the setup decision's decision_created
    }

    [Fact]
    public async Task Indicators_AgentThinking_ListsTheActiveBubbleUntilItStops()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);

        await owned.AgentClient.StartProcessingAsync("Reading the logs").Within();
        var (status, on) = await Host.AppGetAsync(alice, "api/app/indicators");
        var (_, conversation) = await Host.AppGetAsync(alice, $"api/app/conversations/{owned.ConversationId}");
        await owned.AgentClient.StopProcessingAsync().Within();
        var (_, off) = await Host.AppGetAsync(alice, "api/app/indicators");

        Assert.Equal(200, status);
        var indicator = Assert.Single(on.GetProperty("indicators").EnumerateArray());
        Assert.Equal(owned.AgentId, indicator.GetProperty("agent_id").GetString());
        Assert.Equal(owned.ConversationId, indicator.GetProperty("conversation_id").GetString());
        Assert.True(indicator.GetProperty("active").GetBoolean());
        Assert.Equal("Reading the logs", indicator.GetProperty("status_text").GetString());
        Assert.Equal("Reading the logs", conversation.GetProperty("processing").GetProperty("status_text").GetString());
        Assert.Empty(off.GetProperty("indicators").EnumerateArray());
    }

    // ---- Tasks and deliveries ----

    [Fact]
    public async Task Tasks_CreateListGetUpdateRunRunsDelete_AnswerTheirStatuses()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        await using var updates = owned.AgentClient.SubscribeUpdates();

        var (created, task) = await Host.AppPostAsync(alice, $"api/app/agents/{owned.AgentId}/tasks",
            """{"name":"Digest","prompt":"Summarize","schedule":"30 8 * * 1-5","timezone":"Europe/Berlin"}""");
        var taskId = task.GetProperty("id").GetString()!;
        var (listed, list) = await Host.AppGetAsync(alice, $"api/app/agents/{owned.AgentId}/tasks");
        var (got, one) = await Host.AppGetAsync(alice, $"api/app/tasks/{taskId}");
        var (updated, disabled) = await Host.AppAsync(alice, HttpMethod.Patch, $"api/app/tasks/{taskId}", """{"enabled":false,"prompt":"Summarize briefly"}""");
        var (ran, run) = await Host.AppPostAsync(alice, $"api/app/tasks/{taskId}/run");
        var due = await updates.NextAsync<TaskDueFrame>();
        var (runsStatus, runs) = await Host.AppGetAsync(alice, $"api/app/tasks/{taskId}/runs");
        var (deleted, _) = await Host.AppAsync(alice, HttpMethod.Delete, $"api/app/tasks/{taskId}");
        var (gone, _) = await Host.AppGetAsync(alice, $"api/app/tasks/{taskId}");

        Assert.Equal(201, created);
        Assert.StartsWith("tsk_", taskId);
        Assert.Equal("scheduled", task.GetProperty("trigger_type").GetString());
        Assert.Equal("user", task.GetProperty("created_by").GetString());
        Assert.Equal("Europe/Berlin", task.GetProperty("timezone").GetString());
        Assert.Equal(200, listed);
        Assert.Equal(2, list.GetProperty("tasks").GetArrayLength());   // the setup's task and this one
        Assert.Equal(200, got);
        Assert.Equal("Digest", one.GetProperty("name").GetString());
        Assert.Equal(200, updated);
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal("Summarize briefly", disabled.GetProperty("prompt").GetString());
        Assert.Equal(201, ran);
        var runId = run.GetProperty("run_id").GetString()!;
        Assert.StartsWith("run_", runId);
        Assert.Equal(runId, due.RunId);
        Assert.Equal(200, runsStatus);
        Assert.Equal(runId, Assert.Single(runs.GetProperty("runs").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(204, deleted);
        Assert.Equal(404, gone);
    }

    [Fact]
    public async Task Deliveries_NoWebhooksYet_EmptyListAndUnknownEventIs404()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);

        var (status, list) = await Host.AppGetAsync(alice, $"api/app/agents/{owned.AgentId}/deliveries");
        var (failedStatus, failed) = await Host.AppGetAsync(alice, $"api/app/agents/{owned.AgentId}/deliveries?status=failed&limit=10");
        var (redeliver, body) = await Host.AppPostAsync(alice, $"api/app/agents/{owned.AgentId}/deliveries/evt_0123456789abcdef/redeliver");

        Assert.Equal(200, status);
        Assert.Empty(list.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(200, failedStatus);
        Assert.Empty(failed.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(404, redeliver);
        Assert.Contains("evt_0123456789abcdef", body.GetProperty("detail").GetString());
    }

    private static AgentCredentials Credentials(string agentId, string secret) =>
        new() { Agent = null!, AgentId = agentId, Secret = secret, WebhookSecret = string.Empty };
}
