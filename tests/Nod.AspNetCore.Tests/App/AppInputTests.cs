using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests.App;

/// <summary>
/// Bad input on the app API: 400 naming the field or parameter, 413, 415, 404/405 for unknown paths, never a 500; and
/// fields a client may not set (ids, owner, statuses, timestamps) are ignored.
/// </summary>
public sealed class AppInputTests(SharedHost fixture) : IClassFixture<SharedHost>
{
    private NodWebHost Host => fixture.Host;

    /// <summary>Route (with {agent}, {conversation}, {decision}, {task} placeholders), body and a part of the expected detail.</summary>
    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { "agents", """{"name":""", "not valid JSON" },
        { "agents", "", "empty" },
        { "agents", "[]", "JSON object" },
        { "agents", "null", "JSON object" },
        { "agents", "\"Bot\"", "JSON object" },
        { "agents", """{"name":"a"} {"name":"b"}""", "one JSON object" },
        { "agents", """{"name":"a",}""", "not valid JSON" },
        { "agents", """{"name":5}""", "name must be a string" },
        { "agents", """{"name":"Bot","type":"robot"}""", "type must be \"interactive\" or \"approval_only\"" },
        { "agents", """{"name":"Bot","type":1}""", "type must be" },
        { "agents", """{"name":"Bot","type":null}""", "type must be" },
        { "agents", """{"description":"no name"}""", "name" },
        { "agents", $$"""{"name":"{{new string('n', 301)}}"}""", "name" },
        { "agents", """{"name":"Bot","webhook_url":"ftp://example.com"}""", "webhook_url" },
        { "agents/{agent}/shares", """{"user_id":5}""", "user_id must be a string" },
        { "agents/{agent}/shares", "{}", "user_id" },
        { "conversations/{conversation}/messages", """{"image_urls":"https://example.com/a.png"}""", "image_urls must be an array of strings" },
        { "conversations/{conversation}/messages", """{"image_urls":[1]}""", "image_urls[0] must be a string" },
        { "conversations/{conversation}/messages", "{}", "text" },
        { "decisions/{decision}/resolve", """{"status":"maybe"}""", "status must be \"approved\", \"rejected\", \"responded\" or \"dismissed\"" },
        { "decisions/{decision}/resolve", """{"status":1}""", "status must be" },
        { "decisions/{decision}/resolve", """{"status":"approved","always_allow":"yes"}""", "always_allow must be true or false" },
        { "decisions/{decision}/resolve", """{"status":"approved","note":["a"]}""", "note must be a string" },
        { "agents/{agent}/rules", """{"pattern":"x","effect":"maybe"}""", "effect must be \"allow\" or \"deny\"" },
        { "agents/{agent}/rules", """{"effect":"deny"}""", "pattern" },
        { "agents/{agent}/rules", """{"pattern":"Bash(rm *)"}""", "effect is required" },
        { "agents/{agent}/rules", """{"pattern":"Bash(rm *)","effect":null}""", "effect is required" },
        { "agents/{agent}/tasks", """{"name":"n","prompt":"p","schedule":"once","run_at":"tomorrow"}""", "run_at must be an ISO-8601 timestamp" },
        { "agents/{agent}/tasks", """{"name":"n","prompt":"p","schedule":"once","run_at":"2036-01-05T09:30:00"}""", "run_at must be an ISO-8601 timestamp with a time zone" },
        { "agents/{agent}/tasks", """{"name":"n","prompt":"p","schedule":"0 9 * * *","enabled":"yes"}""", "enabled must be true or false" },
        { "agents/{agent}/tasks", """{"name":"n","prompt":"p","schedule":"every day"}""", "schedule" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Post_InvalidBody_Answers400NamingTheProblem(string route, string body, string expected)
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);

        var (status, error) = await Host.AppPostAsync(alice, "api/app/" + Fill(route, owned), body);

        Assert.Equal(400, status);
        Assert.Contains(expected, error.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("agents/{agent}", """{"name":7}""", "name must be a string")]
    [InlineData("agents/{agent}", "[1]", "JSON object")]
    [InlineData("tasks/{task}", """{"enabled":"no"}""", "enabled must be true or false")]
    [InlineData("tasks/{task}", """{"run_at":12}""", "run_at must be")]
    public async Task Patch_InvalidBody_Answers400NamingTheProblem(string route, string body, string expected)
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);

        var (status, error) = await Host.AppAsync(alice, HttpMethod.Patch, "api/app/" + Fill(route, owned), body);

        Assert.Equal(400, status);
        Assert.Contains(expected, error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_InvalidUtf8_Answers400()
    {
        var alice = OwnedResources.NewUser("alice");
        using var request = NodWebHost.AppRequest(alice, HttpMethod.Post, "api/app/agents");
        request.Content = new ByteArrayContent([.. "{\"name\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var (status, error) = await Host.SendRawAsync(request);

        Assert.Equal(400, status);
        Assert.Contains("UTF-8", error.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("decisions?limit=0", "limit")]
    [InlineData("decisions?limit=101", "limit")]
    [InlineData("decisions?limit=ten", "limit")]
    [InlineData("decisions?limit=1&limit=2", "limit must be given once")]
    [InlineData("decisions?before=-1", "before")]
    [InlineData("decisions?status=open", "status must be pending, resolved or all")]
    [InlineData("decisions?agent_id=", "agent_id must not be empty")]
    [InlineData("activity?before=x", "before")]
    [InlineData("activity?limit=1000", "limit")]
    [InlineData("conversations/{conversation}/messages?limit=0", "limit")]
    [InlineData("conversations/{conversation}/messages?before=1.5", "before")]
    [InlineData("agents/{agent}/deliveries?status=lost", "status must be pending, delivered or failed")]
    [InlineData("tasks/{task}/runs?limit=-1", "limit")]
    public async Task Get_BadQueryParameter_Answers400NamingIt(string path, string expected)
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);

        var (status, error) = await Host.AppGetAsync(alice, "api/app/" + Fill(path, owned));

        Assert.Equal(400, status);
        Assert.Contains(expected, error.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task Post_NotJson_Answers415(string contentType)
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        using var create = NodWebHost.AppRequest(alice, HttpMethod.Post, "api/app/agents", """{"name":"Bot"}""", contentType);
        using var rotate = NodWebHost.AppRequest(alice, HttpMethod.Post, $"api/app/agents/{owned.AgentId}/rotate-secret", "name=x", contentType);

        var (created, error) = await Host.SendRawAsync(create);
        var (rotated, _) = await Host.SendRawAsync(rotate);

        Assert.Equal(415, created);
        Assert.Contains("Content-Type", error.GetProperty("detail").GetString());
        Assert.Equal(415, rotated);
    }

    [Fact]
    public async Task Post_NoContentType_IsReadAsJson()
    {
        var alice = OwnedResources.NewUser("alice");
        using var request = NodWebHost.AppRequest(alice, HttpMethod.Post, "api/app/agents");
        request.Content = new ByteArrayContent("""{"name":"Bot"}"""u8.ToArray());

        var (status, _) = await Host.SendRawAsync(request);

        Assert.Equal(201, status);
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Answers413ByLengthAndWhileReading()
    {
        var alice = OwnedResources.NewUser("alice");
        var big = $$"""{"name":"Bot","description":"{{new string('d', NodHttpOptions.DefaultMaxAppRequestBodySize)}}"}""";
        using var declared = NodWebHost.AppRequest(alice, HttpMethod.Post, "api/app/agents", big);
        using var chunked = NodWebHost.AppRequest(alice, HttpMethod.Post, "api/app/agents");
        chunked.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;

        var (byLength, error) = await Host.SendRawAsync(declared);
        var (whileReading, _) = await Host.SendRawAsync(chunked);

        Assert.Equal(413, byLength);
        Assert.Contains("1048576", error.GetProperty("detail").GetString());
        Assert.Equal(413, whileReading);
    }

    [Fact]
    public async Task Post_BodyOverAConfiguredLimit_Answers413()
    {
        await using var host = await NodWebHost.StartAsync(http: o => o.MaxAppRequestBodySize = 100);

        var (small, _) = await host.AppPostAsync("alice", "api/app/agents", """{"name":"Bot"}""");
        var (large, _) = await host.AppPostAsync("alice", "api/app/agents", $$"""{"name":"Bot","description":"{{new string('d', 100)}}"}""");

        Assert.Equal(201, small);
        Assert.Equal(413, large);
    }

    [Fact]
    public async Task UnknownPath_Answers404WithADetail_KnownPathWithAnotherMethod405WithAllow()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);

        var (unknown, unknownBody) = await Host.AppGetAsync(alice, "api/app/teleport");
        using var put = NodWebHost.AppRequest(alice, HttpMethod.Put, $"api/app/agents/{owned.AgentId}", "{}");
        using var response = await Host.Http.SendAsync(put).Within();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync().Within()).RootElement;

        Assert.Equal(404, unknown);
        Assert.Contains("/api/app/teleport", unknownBody.GetProperty("detail").GetString());
        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal(["DELETE", "GET", "PATCH"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Contains("only accepts", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Junk_OnEveryRouteThatTakesABody_IsNeverAServerError()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        string[] junk = ["{", "[]", "null", "0", "\"\"", """{"name":{}}""", """{"status":{},"text":[],"pattern":true}""", """{"a":""" + new string('[', 100), "\u0000", "{\"name\":\"\\ud800\"}"];
        var failures = new List<string>();

        foreach (var route in AppRouteTable.Routes.Where(r => r.Method is "POST" or "PATCH"))
        {
            foreach (var body in junk)
            {
                var (status, _) = await Host.AppAsync(alice, new HttpMethod(route.Method), route.Path(owned), body);
                if (status >= 500)
                {
                    failures.Add($"{route} {body}: {status}");
                }
            }
        }

        Assert.Empty(failures);
    }

    // ---- Mass assignment ----

    [Fact]
    public async Task CreateAgent_WithOwnerIdsStateAndTimestamps_IgnoresThem()
    {
        var alice = OwnedResources.NewUser("alice");
        var bob = OwnedResources.NewUser("bob");

        var (status, created) = await Host.AppPostAsync(alice, "api/app/agents", $$"""
            {"name":"Bot","id":"agt_00000000000000aa","agent_id":"agt_00000000000000aa","owner_id":"{{bob}}","shared_with":["{{bob}}"],
             "online":true,"last_seen_at":"2000-01-01T00:00:00Z","pending_decisions":7,"default_conversation_id":"conv_00000000000000aa",
             "created_at":"2000-01-01T00:00:00Z","secret":"nod_0000000000000000000000000000000000000000","webhook_secret":"whsec_AAAA"}
            """);
        var agent = created.GetProperty("agent");
        var (bobSees, _) = await Host.AppGetAsync(bob, $"api/app/agents/{agent.GetProperty("id").GetString()}");

        Assert.Equal(201, status);
        Assert.NotEqual("agt_00000000000000aa", agent.GetProperty("id").GetString());
        Assert.Equal(alice, agent.GetProperty("owner_id").GetString());
        Assert.Empty(agent.GetProperty("shared_with").EnumerateArray());
        Assert.False(agent.GetProperty("online").GetBoolean());
        Assert.Equal(JsonValueKind.Null, agent.GetProperty("last_seen_at").ValueKind);
        Assert.Equal(0, agent.GetProperty("pending_decisions").GetInt32());
        Assert.Equal(JsonValueKind.Null, agent.GetProperty("default_conversation_id").ValueKind);
        Assert.True(agent.GetProperty("created_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.NotEqual("nod_0000000000000000000000000000000000000000", created.GetProperty("secret").GetString());
        Assert.NotEqual("whsec_AAAA", created.GetProperty("webhook_secret").GetString());
        Assert.Equal(404, bobSees);
    }

    [Fact]
    public async Task UpdateAgent_WithOwnerTypeSharesAndId_ChangesOnlyTheEditableFields()
    {
        var alice = OwnedResources.NewUser("alice");
        var bob = OwnedResources.NewUser("bob");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);

        var (status, agent) = await Host.AppAsync(alice, HttpMethod.Patch, $"api/app/agents/{owned.AgentId}", $$"""
            {"name":"Renamed","owner_id":"{{bob}}","type":"approval_only","shared_with":["{{bob}}"],"id":"agt_00000000000000aa","online":true,"created_at":"2000-01-01T00:00:00Z"}
            """);
        var (bobSees, _) = await Host.AppGetAsync(bob, $"api/app/agents/{owned.AgentId}");

        Assert.Equal(200, status);
        Assert.Equal("Renamed", agent.GetProperty("name").GetString());
        Assert.Equal(owned.AgentId, agent.GetProperty("id").GetString());
        Assert.Equal(alice, agent.GetProperty("owner_id").GetString());
        Assert.Equal("interactive", agent.GetProperty("type").GetString());
        Assert.Equal([owned.SharedWithUserId], agent.GetProperty("shared_with").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(404, bobSees);
    }

    [Fact]
    public async Task SendMessage_WithSenderIdsAndTimestamps_IgnoresThem()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);

        var (status, message) = await Host.AppPostAsync(alice, $"api/app/conversations/{owned.ConversationId}/messages", """
            {"text":"hi","id":"msg_00000000000000aa","seq":1,"sender":"agent","sender_name":"The agent","agent_id":"agt_00000000000000aa",
             "conversation_id":"conv_00000000000000aa","report_title":"Fake report","task_run_id":"run_00000000000000aa","created_at":"2000-01-01T00:00:00Z"}
            """);

        Assert.Equal(201, status);
        Assert.NotEqual("msg_00000000000000aa", message.GetProperty("id").GetString());
        Assert.Equal("user", message.GetProperty("sender").GetString());
        Assert.Equal(TestAuthentication.DisplayName(alice), message.GetProperty("sender_name").GetString());
        Assert.Equal(owned.AgentId, message.GetProperty("agent_id").GetString());
        Assert.Equal(owned.ConversationId, message.GetProperty("conversation_id").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("report_title").ValueKind);
        Assert.Equal(JsonValueKind.Null, message.GetProperty("task_run_id").ValueKind);
        Assert.True(message.GetProperty("seq").GetInt64() > 1);
    }

    [Fact]
    public async Task Resolve_WithResolvedByAndTimestamps_RecordsTheSignedInUser()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);

        var (status, decision) = await Host.AppPostAsync(alice, $"api/app/decisions/{owned.DecisionId}/resolve", """
            {"status":"approved","resolved_by":"rule","resolved_at":"2000-01-01T00:00:00Z","id":"dec_00000000000000aa","agent_id":"agt_00000000000000aa","kind":"question","expires_at":"2000-01-01T00:00:00Z"}
            """);

        Assert.Equal(200, status);
        Assert.Equal(owned.DecisionId, decision.GetProperty("id").GetString());
        Assert.Equal(owned.AgentId, decision.GetProperty("agent_id").GetString());
        Assert.Equal("approval", decision.GetProperty("kind").GetString());
        Assert.Equal(TestAuthentication.DisplayName(alice), decision.GetProperty("resolved_by").GetString());
        Assert.True(decision.GetProperty("resolved_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(JsonValueKind.Null, decision.GetProperty("expires_at").ValueKind);
    }

    [Fact]
    public async Task CreateRuleConversationAndTask_WithIdsCreatorAndAgent_IgnoreThem()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        await using var other = await OwnedResources.CreateAsync(Host, OwnedResources.NewUser("bob"));

        var (_, rule) = await Host.AppPostAsync(alice, $"api/app/agents/{owned.AgentId}/rules",
            $$"""{"pattern":"Bash(ls)","effect":"allow","id":"rul_00000000000000aa","agent_id":"{{other.AgentId}}","created_by":"bob","created_at":"2000-01-01T00:00:00Z"}""");
        var (_, conversation) = await Host.AppPostAsync(alice, $"api/app/agents/{owned.AgentId}/conversations",
            $$"""{"title":"t","id":"conv_00000000000000aa","agent_id":"{{other.AgentId}}","processing":{"active":true},"created_at":"2000-01-01T00:00:00Z"}""");
        var (_, task) = await Host.AppPostAsync(alice, $"api/app/agents/{owned.AgentId}/tasks",
            $$"""{"name":"n","prompt":"p","schedule":"0 9 * * *","id":"tsk_00000000000000aa","agent_id":"{{other.AgentId}}","created_by":"agent","trigger_id":"trg_00000000000000000000000000000000","trigger_type":"event","next_run_at":"2000-01-01T00:00:00Z"}""");
        var (_, patched) = await Host.AppAsync(alice, HttpMethod.Patch, $"api/app/tasks/{task.GetProperty("id").GetString()}",
            $$"""{"name":"m","id":"tsk_00000000000000bb","agent_id":"{{other.AgentId}}","created_by":"agent","created_at":"2000-01-01T00:00:00Z"}""");

        Assert.NotEqual("rul_00000000000000aa", rule.GetProperty("id").GetString());
        Assert.Equal(owned.AgentId, rule.GetProperty("agent_id").GetString());
        Assert.Equal(alice, rule.GetProperty("created_by").GetString());
        Assert.NotEqual("conv_00000000000000aa", conversation.GetProperty("id").GetString());
        Assert.Equal(owned.AgentId, conversation.GetProperty("agent_id").GetString());
        Assert.False(conversation.GetProperty("processing").GetProperty("active").GetBoolean());
        Assert.NotEqual("tsk_00000000000000aa", task.GetProperty("id").GetString());
        Assert.Equal(owned.AgentId, task.GetProperty("agent_id").GetString());
        Assert.Equal("user", task.GetProperty("created_by").GetString());
        Assert.Equal("scheduled", task.GetProperty("trigger_type").GetString());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("trigger_id").ValueKind);
        Assert.Equal("m", patched.GetProperty("name").GetString());
        Assert.Equal(task.GetProperty("id").GetString(), patched.GetProperty("id").GetString());
        Assert.Equal("user", patched.GetProperty("created_by").GetString());
        Assert.Single(await other.Owner.GetConversationsAsync(other.AgentId).Within());
        Assert.Single(await other.Owner.GetRulesAsync(other.AgentId).Within());
    }

    private static string Fill(string route, OwnedResources owned) => route
        .Replace("{agent}", owned.AgentId, StringComparison.Ordinal)
        .Replace("{conversation}", owned.ConversationId, StringComparison.Ordinal)
        .Replace("{decision}", owned.DecisionId, StringComparison.Ordinal)
        .Replace("{task}", owned.TaskId, StringComparison.Ordinal);
}
