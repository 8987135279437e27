using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;

namespace Nod.AspNetCore.Tests.Tasks;

/// <summary>
/// The inbound trigger URL <c>POST /api/triggers/{trigger_id}</c> (PROTOCOL §5): any body up to 1 MB of any type becomes
/// the run's payload (JSON as is, anything else as a string); unknown and disabled triggers get the same 404; 413 by
/// <c>Content-Length</c> and by counting; anonymous under an authorizing group; its own rate limit; trigger URLs under
/// MapNod's prefix.
/// </summary>
public sealed class TriggersRestTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private NodWebHost Host => shared.Host;

    [Fact]
    public async Task Trigger_JsonBody_Returns202AndThePayloadIsTheJson()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (taskId, triggerId) = await Host.CreateEventTaskAsync(agent);

        var (status, body) = await Host.FireAsync(triggerId, """{"order":{"id":42,"items":["a","b"]},"paid":true}""");
        var (_, pending) = await Host.GetAsync(agent, "api/agent/tasks/triggers/pending");

        Assert.Equal(202, status);
        Assert.Equal(["event_id", "run_id", "status"], TaskHttp.Names(body));
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Matches("^evt_[0-9a-f]{16}$", body.GetProperty("event_id").GetString());
        Assert.Matches("^run_[0-9a-f]{16}$", body.GetProperty("run_id").GetString());
        var payload = Assert.Single(pending.EnumerateArray()).GetProperty("payload");
        Assert.Equal(42, payload.GetProperty("order").GetProperty("id").GetInt32());
        Assert.True(payload.GetProperty("paid").GetBoolean());
        var run = Assert.Single(await user.RunsAsync(taskId));
        Assert.Equal(body.GetProperty("run_id").GetString(), run.Id);
        Assert.Equal(body.GetProperty("event_id").GetString(), run.TriggerEventId);
        Assert.Equal(TaskRunStatus.Running, run.Status);
    }

    [Theory]
    [InlineData("text/plain", "order 42 shipped")]
    [InlineData("application/x-www-form-urlencoded", "order=42&state=shipped")]
    [InlineData("application/xml", "<order id=\"42\"/>")]
    [InlineData("application/json", "{not json")]
    public async Task Trigger_NonJsonBodyOfAnyType_Returns202AndThePayloadIsTheTextAsAString(string contentType, string text)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var (_, triggerId) = await Host.CreateEventTaskAsync(agent);

        var (status, _) = await Host.FireAsync(triggerId, text, contentType);
        var (_, pending) = await Host.GetAsync(agent, "api/agent/tasks/triggers/pending");

        Assert.Equal(202, status);
        var payload = Assert.Single(pending.EnumerateArray()).GetProperty("payload");
        Assert.Equal(JsonValueKind.String, payload.ValueKind);
        Assert.Equal(text, payload.GetString());
    }

    [Fact]
    public async Task Trigger_EmptyBodyWithoutContentType_Returns202AndThePayloadIsAnEmptyString()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var (_, triggerId) = await Host.CreateEventTaskAsync(agent);

        var (status, body) = await Host.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/triggers/{triggerId}"));
        var (_, pending) = await Host.GetAsync(agent, "api/agent/tasks/triggers/pending");

        Assert.Equal(202, status);
        Assert.StartsWith("evt_", body.GetProperty("event_id").GetString());
        Assert.Equal("", Assert.Single(pending.EnumerateArray()).GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Trigger_UnknownDisabledOrDeleted_Returns404WithTheSameBody()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (disabledTask, disabledTrigger) = await Host.CreateEventTaskAsync(agent, "Disabled");
        var (deletedTask, deletedTrigger) = await Host.CreateEventTaskAsync(agent, "Deleted");
        await user.DisableTaskAsync(disabledTask).Within();
        await user.DeleteTaskAsync(deletedTask).Within();

        var answers = new List<string>();
        foreach (var trigger in new[] { "trg_" + new string('0', 32), disabledTrigger, deletedTrigger, "not-even-a-token" })
        {
            using var response = await Host.Http.PostAsync($"api/triggers/{trigger}", new StringContent("{}", Encoding.UTF8, "application/json")).Within();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            answers.Add(await response.Content.ReadAsStringAsync().Within());
        }

        Assert.Single(answers.Distinct());
        Assert.Contains("trigger was not found", answers[0]);
        Assert.Empty(await user.RunsAsync(disabledTask));
    }

    [Fact]
    public async Task Trigger_BodyOfExactlyTheLimit_Returns202()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var (_, triggerId) = await Host.CreateEventTaskAsync(agent);
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/triggers/{triggerId}")
        {
            Content = new ByteArrayContent(Filled(NodLimits.DefaultMaxTriggerPayloadBytes)),
        };

        var (status, _) = await Host.SendAsync(request);

        Assert.Equal(202, status);
    }

    [Fact]
    public async Task Trigger_ContentLengthOverTheLimit_Returns413AndNoRun()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (taskId, triggerId) = await Host.CreateEventTaskAsync(agent);
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/triggers/{triggerId}")
        {
            Content = new ByteArrayContent(Filled(NodLimits.DefaultMaxTriggerPayloadBytes + 1)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        var (status, body) = await Host.SendAsync(request);

        Assert.Equal(413, status);
        Assert.Contains($"larger than {NodLimits.DefaultMaxTriggerPayloadBytes}", body.GetProperty("detail").GetString());
        Assert.Empty(await user.RunsAsync(taskId));
    }

    [Fact]
    public async Task Trigger_ChunkedBodyOverTheLimit_Returns413AndNoRun()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (taskId, triggerId) = await Host.CreateEventTaskAsync(agent);
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/triggers/{triggerId}")
        {
            Content = new StreamContent(new TaskHttp.NonSeekableStream(Filled(NodLimits.DefaultMaxTriggerPayloadBytes + 1))),
        };
        request.Headers.TransferEncodingChunked = true;

        var (status, body) = await Host.SendAsync(request);
        var small = await Host.FireAsync(triggerId, "fits");

        Assert.Equal(413, status);
        Assert.Contains("larger than", body.GetProperty("detail").GetString());
        Assert.Equal(202, small.Status);
        Assert.Equal(small.Body.GetProperty("run_id").GetString(), Assert.Single(await user.RunsAsync(taskId)).Id);
    }

    [Fact]
    public async Task Trigger_ConfiguredLimit_AppliesToTheTriggerRoute()
    {
        await using var host = await NodWebHost.StartAsync(nod: o => o.Limits.MaxTriggerPayloadBytes = 10);
        var (_, agent) = await host.CreateAgentAsync();
        var (_, triggerId) = await host.CreateEventTaskAsync(agent);

        var fits = await host.FireAsync(triggerId, "0123456789", "text/plain");
        var over = await host.FireAsync(triggerId, "0123456789a", "text/plain");

        Assert.Equal(202, fits.Status);
        Assert.Equal(413, over.Status);
        Assert.Contains("larger than 10 bytes", over.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Trigger_AgentConnected_TaskTriggerArrivesLiveWithTheSameIdsAndNothingPends()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var (taskId, triggerId) = await Host.CreateEventTaskAsync(agent, "On push");
        await using var socket = await Host.ConnectAsync(agent);

        var (status, body) = await Host.FireAsync(triggerId, """{"ref":"main"}""");
        var frame = await socket.ReceiveAsync("task_trigger").Within();
        var (_, pending) = await Host.GetAsync(agent, "api/agent/tasks/triggers/pending");

        Assert.Equal(202, status);
        Assert.Equal(body.GetProperty("event_id").GetString(), frame.GetProperty("event_id").GetString());
        Assert.Equal(body.GetProperty("run_id").GetString(), frame.GetProperty("run_id").GetString());
        Assert.Equal(taskId, frame.GetProperty("task_id").GetString());
        Assert.Equal("On push", frame.GetProperty("task_name").GetString());
        Assert.Equal("Handle the order", frame.GetProperty("task_prompt").GetString());
        Assert.Equal("main", frame.GetProperty("payload").GetProperty("ref").GetString());
        Assert.EndsWith("Z", frame.GetProperty("received_at").GetString());
        Assert.Empty(pending.EnumerateArray());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Trigger_OtherMethod_Returns405WithAllowAndDetail(string method)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var (_, triggerId) = await Host.CreateEventTaskAsync(agent);

        using var response = await Host.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"api/triggers/{triggerId}")).Within();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Contains("POST", JsonDocument.Parse(await response.Content.ReadAsStringAsync().Within()).RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("api/triggers/")]
    [InlineData("api/triggers/trg_x/more")]
    public async Task Trigger_NoTokenOrDeeperPath_Returns404WithDetail(string path)
    {
        var (status, body) = await Host.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}") });

        Assert.Equal(404, status);
        Assert.Contains("/api/triggers/", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Trigger_OverItsRateLimit_Returns429WithRetryAfter_OtherTriggersAndTheAgentUnaffected()
    {
        await using var host = await NodWebHost.StartAsync(http: o =>
        {
            o.RateLimitBurst = 3;
            o.RateLimitPerSecond = 1;
        });
        var (_, agent) = await host.CreateAgentAsync();
        var (_, busy) = await host.CreateEventTaskAsync(agent, "Busy");
        var (_, calm) = await host.CreateEventTaskAsync(agent, "Calm");

        var statuses = new List<int>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await host.Http.PostAsync($"api/triggers/{busy}", new StringContent("{}")).Within();
            statuses.Add((int)response.StatusCode);
            if ((int)response.StatusCode == 429)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.Equal([202, 202, 202], statuses.Take(3));
            Assert.NotNull(limited.Headers.RetryAfter?.Delta);
            Assert.Contains("per trigger", await limited.Content.ReadAsStringAsync().Within());
        }

        Assert.Equal(202, (await host.FireAsync(calm, "{}")).Status);
        Assert.Equal(200, (await host.GetAsync(agent, "api/agent/tasks/triggers/pending")).Status);
    }

    [Fact]
    public async Task Trigger_GroupRequiresAuthorization_TriggerStaysAnonymousAndAgentsStillAuthenticateThemselves()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        builder.Services.AddNod().ConfigureHttp(o => o.EnableAppApi = false);
        await using var app = builder.Build();
        app.MapNod().RequireAuthorization();
        await app.StartAsync().Within();
        var user = app.Services.GetRequiredService<INodClientFactory>().ForUser("alice", "Alice");
        var agent = await user.CreateAgentAsync(new CreateAgentRequest { Name = "A" }).Within();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/"), Timeout = TestTimeouts.Default };

        using var fired = await http.PostAsync(task.TriggerUrl!.TrimStart('/'), new StringContent("{}")).Within();
        using var wrongMethod = await http.GetAsync(task.TriggerUrl!.TrimStart('/')).Within();
        using var listed = await http.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Get, "api/agent/tasks/triggers/pending")).Within();

        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Single(JsonDocument.Parse(await listed.Content.ReadAsStringAsync().Within()).RootElement.EnumerateArray());
        await app.StopAsync().Within();
    }

    [Fact]
    public async Task TriggerUrl_MapNodWithAPrefixAndNoPublicBaseUrl_IsThePathUnderThePrefixAndWorks()
    {
        await using var host = await NodWebHost.StartAsync(prefix: "/nod");
        var (user, agent) = await host.CreateAgentAsync();
        using var root = new HttpClient { BaseAddress = new Uri($"http://{host.BaseAddress.Authority}/"), Timeout = TestTimeouts.Default };

        var (_, created) = await host.CreateTaskAsync(agent, """{"name":"n","prompt":"p","schedule":"event"}""");
        var triggerId = created.GetProperty("trigger_id").GetString()!;
        var url = created.GetProperty("trigger_url").GetString()!;
        using var fired = await root.PostAsync(url.TrimStart('/'), new StringContent("{}")).Within();
        using var unprefixed = await root.PostAsync($"api/triggers/{triggerId}", new StringContent("{}")).Within();
        var (_, listed) = await host.GetAsync(agent, "api/agent/tasks");

        Assert.Equal($"/nod/api/triggers/{triggerId}", url);
        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unprefixed.StatusCode);
        Assert.Equal(url, Assert.Single(listed.EnumerateArray()).GetProperty("trigger_url").GetString());
        Assert.Equal(url, (await user.GetTaskAsync(created.GetProperty("task_id").GetString()!).Within()).TriggerUrl);
    }

    [Theory]
    [InlineData("https://nod.example.com", "", "https://nod.example.com/api/triggers/")]
    [InlineData("https://nod.example.com/", "/nod", "https://nod.example.com/nod/api/triggers/")]
    [InlineData("https://example.com/app", "/nod/", "https://example.com/app/nod/api/triggers/")]
    public async Task TriggerUrl_PublicBaseUrl_IsAbsoluteWithMapNodsPrefix(string publicBaseUrl, string prefix, string expected)
    {
        await using var host = await NodWebHost.StartAsync(nod: o => o.PublicBaseUrl = publicBaseUrl, prefix: prefix);
        var (user, agent) = await host.CreateAgentAsync();

        var created = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();

        Assert.Equal(expected + created.TriggerId, created.TriggerUrl);
    }

    private static byte[] Filled(int length)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill((byte)'x');
        return bytes;
    }
}
