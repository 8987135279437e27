using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;

namespace Nod.AspNetCore.Tests.Tasks;

/// <summary>
/// The agent task endpoints (PROTOCOL §5) over real HTTP: list, create, due, pending triggers, run start, completion —
/// each happy path and each error status (400 naming the field, 401, 403 approval-only, 404, 405, 409, 413, 415, 429).
/// </summary>
public sealed class TasksRestTests(SharedHost shared) : IClassFixture<SharedHost>
{
    /// <summary>Every agent task route: method, path (with placeholders a test fills in) and a valid body.</summary>
    public static TheoryData<string, string, string?> Routes => new()
    {
        { "GET", "api/agent/tasks", null },
        { "POST", "api/agent/tasks", """{"name":"n","prompt":"p","schedule":"event"}""" },
        { "GET", "api/agent/tasks/due", null },
        { "GET", "api/agent/tasks/triggers/pending", null },
        { "POST", "api/agent/tasks/tsk_0000000000000000/run/start", null },
        { "POST", "api/agent/tasks/runs/run_0000000000000000/complete", """{"status":"completed"}""" },
    };

    private NodWebHost Host => shared.Host;

    [Fact]
    public async Task GetTasks_NoTasks_ReturnsAnEmptyBareArray()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.GetAsync(agent, "api/agent/tasks");

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        Assert.Empty(body.EnumerateArray());
    }

    [Fact]
    public async Task GetTasks_OwnTasks_ReturnsTheTaskShapeWithEveryFieldAndNoOtherAgentsTasks()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (_, other) = await Host.CreateAgentAsync();
        var byUser = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "Digest", Prompt = "Summarize", Schedule = "0 9 * * 1-5", Timezone = "Europe/Berlin" }).Within();
        var (eventTaskId, triggerId) = await Host.CreateEventTaskAsync(agent);
        await Host.CreateEventTaskAsync(other);

        var (status, body) = await Host.GetAsync(agent, "api/agent/tasks");

        Assert.Equal(200, status);
        var tasks = body.EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        Assert.Equal(new[] { byUser.Id, eventTaskId }.Order(StringComparer.Ordinal), tasks.Keys.Order(StringComparer.Ordinal));
        Assert.All(tasks.Values, t => Assert.Equal(TaskHttp.TaskFields.Order(), TaskHttp.Names(t)));
        var scheduled = tasks[byUser.Id];
        Assert.Equal(agent.AgentId, scheduled.GetProperty("agent_id").GetString());
        Assert.Equal("scheduled", scheduled.GetProperty("trigger_type").GetString());
        Assert.Equal("Europe/Berlin", scheduled.GetProperty("timezone").GetString());
        Assert.Equal("user", scheduled.GetProperty("created_by").GetString());
        Assert.EndsWith("Z", scheduled.GetProperty("next_run_at").GetString());
        Assert.Equal(JsonValueKind.Null, scheduled.GetProperty("trigger_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, scheduled.GetProperty("trigger_url").ValueKind);
        var evented = tasks[eventTaskId];
        Assert.Equal("event", evented.GetProperty("trigger_type").GetString());
        Assert.Equal("agent", evented.GetProperty("created_by").GetString());
        Assert.Equal(triggerId, evented.GetProperty("trigger_id").GetString());
        Assert.Equal($"/api/triggers/{triggerId}", evented.GetProperty("trigger_url").GetString());
        Assert.True(evented.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task CreateTask_Cron_ReturnsOkAndTaskIdWithoutTrigger()
    {
        var (user, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.CreateTaskAsync(agent, """{"name":"Digest","prompt":"Summarize","schedule":"*/15 * * * *","timezone":"America/New_York"}""");

        Assert.Equal(200, status);
        Assert.Equal(["status", "task_id"], TaskHttp.Names(body));
        Assert.Equal("ok", body.GetProperty("status").GetString());
        var task = await user.GetTaskAsync(body.GetProperty("task_id").GetString()!).Within();
        Assert.StartsWith("tsk_", task.Id, StringComparison.Ordinal);
        Assert.Equal(TaskTriggerType.Scheduled, task.TriggerType);
        Assert.Equal("America/New_York", task.Timezone);
        Assert.Equal(TaskCreator.Agent, task.CreatedBy);
        Assert.NotNull(task.NextRunAt);
    }

    [Fact]
    public async Task CreateTask_Event_ReturnsTheTriggerIdAndUrl()
    {
        var (user, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.CreateTaskAsync(agent, """{"name":"On order","prompt":"Handle it","schedule":"event"}""");

        Assert.Equal(200, status);
        Assert.Equal(["status", "task_id", "trigger_id", "trigger_url"], TaskHttp.Names(body));
        var triggerId = body.GetProperty("trigger_id").GetString()!;
        Assert.Matches("^trg_[0-9a-f]{32}$", triggerId);
        Assert.Equal($"/api/triggers/{triggerId}", body.GetProperty("trigger_url").GetString());
        Assert.Equal(triggerId, (await user.GetTaskAsync(body.GetProperty("task_id").GetString()!).Within()).TriggerId);
    }

    [Fact]
    public async Task CreateTask_OnceWithRunAtAndEnabledFalse_KeepsBoth()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var runAt = DateTimeOffset.UtcNow.AddHours(2);

        var (status, body) = await Host.CreateTaskAsync(agent, $$"""{"name":"Reminder","prompt":"Remind","schedule":"once","run_at":"{{TaskHttp.Iso(runAt)}}","enabled":false,"unknown_field":1}""");

        Assert.Equal(200, status);
        var task = await user.GetTaskAsync(body.GetProperty("task_id").GetString()!).Within();
        Assert.Equal(TaskTriggerType.Once, task.TriggerType);
        Assert.Equal(TaskHttp.Iso(runAt), TaskHttp.Iso(task.RunAt!.Value));
        Assert.False(task.Enabled);
        Assert.Null(task.NextRunAt);
    }

    [Theory]
    [InlineData("""{"prompt":"p","schedule":"event"}""", "name")]
    [InlineData("""{"name":"n","schedule":"event"}""", "prompt")]
    [InlineData("""{"name":"n","prompt":"p"}""", "schedule")]
    [InlineData("""{"name":"n","prompt":"p","schedule":"0 9 * *"}""", "schedule")]
    [InlineData("""{"name":"n","prompt":"p","schedule":"0 9 * * *","timezone":"Mars/Olympus"}""", "timezone")]
    [InlineData("""{"name":"n","prompt":"p","schedule":"once"}""", "run_at")]
    [InlineData("""{"name":"n","prompt":"p","schedule":"once","run_at":"2001-01-01T00:00:00Z"}""", "run_at")]
    [InlineData("""{"name":"n","prompt":"p","schedule":"once","run_at":"tomorrow"}""", "run_at")]
    [InlineData("""{"name":"n","prompt":"p","schedule":"once","run_at":1767607800}""", "run_at")]
    [InlineData("""{"name":"n","prompt":"p","schedule":"once","run_at":"2036-01-05T09:30:00"}""", "run_at must be an ISO-8601 timestamp with a time zone")]
    [InlineData("""{"name":5,"prompt":"p","schedule":"event"}""", "name")]
    [InlineData("""{"name":"n","prompt":["p"],"schedule":"event"}""", "prompt")]
    [InlineData("""{"name":"n","prompt":"p","schedule":"event","enabled":"yes"}""", "enabled")]
    [InlineData("""[{"name":"n"}]""", "JSON object")]
    [InlineData("""{"name":"n",""", "JSON")]
    [InlineData("""{"name":"n","prompt":"p","schedule":"event"} x""", "JSON")]
    [InlineData("", "empty")]
    public async Task CreateTask_InvalidBody_Returns400NamingTheField(string json, string expected)
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.CreateTaskAsync(agent, json);
        var (_, tasks) = await Host.GetAsync(agent, "api/agent/tasks");

        Assert.Equal(400, status);
        Assert.Contains(expected, body.GetProperty("detail").GetString());
        Assert.Empty(tasks.EnumerateArray());
    }

    [Fact]
    public async Task CreateTask_NameTooLong_Returns400NamingTheField()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.CreateTaskAsync(agent, $$"""{"name":"{{new string('n', 301)}}","prompt":"p","schedule":"event"}""");

        Assert.Equal(400, status);
        Assert.Contains("name", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("POST", "api/agent/tasks")]
    [InlineData("POST", "api/agent/tasks/runs/run_0000000000000000/complete")]
    public async Task TaskBodies_NotJson_Return415(string method, string path)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var request = NodWebHost.AgentRequest(agent, new HttpMethod(method), path);
        request.Content = new StringContent("name=n", Encoding.UTF8, new MediaTypeHeaderValue("application/x-www-form-urlencoded"));

        var (status, body) = await Host.SendAsync(request);

        Assert.Equal(415, status);
        Assert.Contains("Content-Type", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CreateTask_WithoutContentType_IsReadAsJson()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var request = NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/tasks");
        request.Content = new ByteArrayContent("""{"name":"n","prompt":"p","schedule":"event"}"""u8.ToArray());

        var (status, body) = await Host.SendAsync(request);

        Assert.Equal(200, status);
        Assert.StartsWith("tsk_", body.GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task TaskBodies_OverTheBodyLimit_Return413()
    {
        await using var host = await NodWebHost.StartAsync(http: o => o.MaxRequestBodySize = 100);
        var (user, agent) = await host.CreateAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        var runId = await host.Nod.AuthenticateAgent(agent.AgentId, agent.Secret).StartRunAsync(task.Id).Within();
        var text = new string('a', 200);

        var create = await host.CreateTaskAsync(agent, $$"""{"name":"n","prompt":"{{text}}","schedule":"event"}""");
        var complete = await host.CompleteRunAsync(agent, runId, $$"""{"status":"completed","result":"{{text}}"}""");

        Assert.Equal(413, create.Status);
        Assert.Contains("larger than 100", create.Body.GetProperty("detail").GetString());
        Assert.Equal(413, complete.Status);
        Assert.Single(await user.GetTasksAsync(agent.AgentId).Within());
        Assert.Equal(TaskRunStatus.Running, Assert.Single(await user.RunsAsync(task.Id)).Status);
    }

    [Fact]
    public async Task GetDueTasks_NothingDue_ReturnsAnEmptyBareArray()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.GetAsync(agent, "api/agent/tasks/due");

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        Assert.Empty(body.EnumerateArray());
    }

    [Fact]
    public async Task GetDueTasks_RunWaitingForAnUnreachableAgent_ListsItWithItsRunId()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "Digest", Prompt = "Summarize", Schedule = "0 9 * * *" }).Within();
        var runId = await user.RunTaskNowAsync(task.Id).Within();

        var (status, body) = await Host.GetAsync(agent, "api/agent/tasks/due");

        Assert.Equal(200, status);
        var due = Assert.Single(body.EnumerateArray());
        Assert.Equal(["enabled", "id", "name", "prompt", "run_id", "schedule", "trigger_type"], TaskHttp.Names(due));
        Assert.Equal(task.Id, due.GetProperty("id").GetString());
        Assert.Equal("Digest", due.GetProperty("name").GetString());
        Assert.Equal("Summarize", due.GetProperty("prompt").GetString());
        Assert.Equal("0 9 * * *", due.GetProperty("schedule").GetString());
        Assert.Equal("scheduled", due.GetProperty("trigger_type").GetString());
        Assert.True(due.GetProperty("enabled").GetBoolean());
        Assert.Equal(runId, due.GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task GetPendingTriggers_NothingPending_ReturnsAnEmptyBareArray()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.GetAsync(agent, "api/agent/tasks/triggers/pending");

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        Assert.Empty(body.EnumerateArray());
    }

    [Fact]
    public async Task GetPendingTriggers_TriggeredWhileOffline_ListsEveryFieldOldestFirst()
    {
        // Fake time: two triggers in the same millisecond have no order to keep.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
        await using var host = await NodWebHost.StartAsync(time: time);
        var (_, agent) = await host.CreateAgentAsync();
        var (taskId, triggerId) = await host.CreateEventTaskAsync(agent, "On order");
        var first = await host.FireAsync(triggerId, """{"order":1}""");
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await host.FireAsync(triggerId, """{"order":2}""");

        var (status, body) = await host.GetAsync(agent, "api/agent/tasks/triggers/pending");

        Assert.Equal(200, status);
        var pending = body.EnumerateArray().ToList();
        Assert.Equal(2, pending.Count);
        Assert.All(pending, p => Assert.Equal(["id", "payload", "received_at", "run_id", "task_id", "task_name", "task_prompt"], TaskHttp.Names(p)));
        Assert.Equal(first.Body.GetProperty("event_id").GetString(), pending[0].GetProperty("id").GetString());
        Assert.Equal(first.Body.GetProperty("run_id").GetString(), pending[0].GetProperty("run_id").GetString());
        Assert.Equal(second.Body.GetProperty("event_id").GetString(), pending[1].GetProperty("id").GetString());
        Assert.Equal(taskId, pending[0].GetProperty("task_id").GetString());
        Assert.Equal("On order", pending[0].GetProperty("task_name").GetString());
        Assert.Equal("Handle the order", pending[0].GetProperty("task_prompt").GetString());
        Assert.Equal(1, pending[0].GetProperty("payload").GetProperty("order").GetInt32());
        Assert.Equal(2, pending[1].GetProperty("payload").GetProperty("order").GetInt32());
        Assert.Equal("2026-01-05T09:30:00Z", pending[0].GetProperty("received_at").GetString());
        Assert.Equal("2026-01-05T09:30:01Z", pending[1].GetProperty("received_at").GetString());
    }

    [Fact]
    public async Task StartRun_NothingWaiting_ReturnsANewRunningRun()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (taskId, _) = await Host.CreateEventTaskAsync(agent);

        var (status, body) = await Host.StartRunAsync(agent, taskId);

        Assert.Equal(200, status);
        Assert.Equal(["run_id"], TaskHttp.Names(body));
        var runId = body.GetProperty("run_id").GetString()!;
        Assert.Matches("^run_[0-9a-f]{16}$", runId);
        var run = Assert.Single(await user.RunsAsync(taskId));
        Assert.Equal(runId, run.Id);
        Assert.Equal(TaskRunStatus.Running, run.Status);
    }

    [Fact]
    public async Task StartRun_PendingTrigger_TakesItsRunAndItLeavesTheList()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (taskId, triggerId) = await Host.CreateEventTaskAsync(agent);
        var (_, fired) = await Host.FireAsync(triggerId, "{}");

        var (status, body) = await Host.StartRunAsync(agent, taskId);
        var (_, pending) = await Host.GetAsync(agent, "api/agent/tasks/triggers/pending");

        Assert.Equal(200, status);
        Assert.Equal(fired.GetProperty("run_id").GetString(), body.GetProperty("run_id").GetString());
        Assert.Empty(pending.EnumerateArray());
        Assert.Single(await user.RunsAsync(taskId));
    }

    [Fact]
    public async Task StartRun_UnknownOrAnotherAgentsTask_Returns404NamingTheTask()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var (_, other) = await Host.CreateAgentAsync();
        var (theirs, _) = await Host.CreateEventTaskAsync(other);

        var unknown = await Host.StartRunAsync(agent, "tsk_0000000000000000");
        var notMine = await Host.StartRunAsync(agent, theirs);

        Assert.Equal(404, unknown.Status);
        Assert.Contains("tsk_0000000000000000", unknown.Body.GetProperty("detail").GetString());
        Assert.Equal(404, notMine.Status);
        Assert.Contains(theirs, notMine.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CompleteRun_Completed_ReturnsOkRunCompletedWithResultAndTheResultBubble()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (taskId, _) = await Host.CreateEventTaskAsync(agent);
        var runId = (await Host.StartRunAsync(agent, taskId)).Body.GetProperty("run_id").GetString()!;

        var (status, body) = await Host.CompleteRunAsync(agent, runId, """{"status":"completed","result":"3 new orders"}""");

        Assert.Equal(200, status);
        Assert.Equal("""{"status":"ok"}""", body.GetRawText());
        var run = Assert.Single(await user.RunsAsync(taskId));
        Assert.Equal(TaskRunStatus.Completed, run.Status);
        Assert.Equal("3 new orders", run.Result);
        Assert.NotNull(run.CompletedAt);
        var conversation = (await user.GetAgentAsync(agent.AgentId).Within()).DefaultConversationId!;
        var bubble = Assert.Single((await user.GetMessagesAsync(conversation).Within()).Items);
        Assert.Equal(runId, bubble.TaskRunId);
        Assert.Equal("3 new orders", bubble.Text);
    }

    [Fact]
    public async Task CompleteRun_Failed_KeepsTheError()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (taskId, _) = await Host.CreateEventTaskAsync(agent);
        var runId = (await Host.StartRunAsync(agent, taskId)).Body.GetProperty("run_id").GetString()!;

        var (status, _) = await Host.CompleteRunAsync(agent, runId, """{"status":"failed","error":"API down"}""");

        Assert.Equal(200, status);
        var run = Assert.Single(await user.RunsAsync(taskId));
        Assert.Equal(TaskRunStatus.Failed, run.Status);
        Assert.Equal("API down", run.Error);
        Assert.Null(run.Result);
    }

    [Fact]
    public async Task CompleteRun_AlreadyEnded_Returns409AndTheRunStaysAsItEnded()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (taskId, _) = await Host.CreateEventTaskAsync(agent);
        var runId = (await Host.StartRunAsync(agent, taskId)).Body.GetProperty("run_id").GetString()!;
        await Host.CompleteRunAsync(agent, runId, """{"status":"completed","result":"first"}""");

        var (status, body) = await Host.CompleteRunAsync(agent, runId, """{"status":"failed","error":"second"}""");

        Assert.Equal(409, status);
        Assert.Contains(runId, body.GetProperty("detail").GetString());
        var run = Assert.Single(await user.RunsAsync(taskId));
        Assert.Equal(TaskRunStatus.Completed, run.Status);
        Assert.Equal("first", run.Result);
    }

    [Fact]
    public async Task CompleteRun_UnknownOrAnotherAgentsRun_Returns404AndTheirRunKeepsRunning()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (_, other) = await Host.CreateAgentAsync(userId: "bob");
        var (theirTask, _) = await Host.CreateEventTaskAsync(other);
        var theirRun = (await Host.StartRunAsync(other, theirTask)).Body.GetProperty("run_id").GetString()!;

        var unknown = await Host.CompleteRunAsync(agent, "run_0000000000000000", """{"status":"completed"}""");
        var notMine = await Host.CompleteRunAsync(agent, theirRun, """{"status":"completed"}""");

        Assert.Equal(404, unknown.Status);
        Assert.Contains("run_0000000000000000", unknown.Body.GetProperty("detail").GetString());
        Assert.Equal(404, notMine.Status);
        var bob = Host.Nod.ForUser("bob", "Bob");
        Assert.Equal(TaskRunStatus.Running, Assert.Single(await bob.RunsAsync(theirTask)).Status);
    }

    [Theory]
    [InlineData("""{"result":"r"}""", "status is required")]
    [InlineData("""{"status":"running"}""", "status")]
    [InlineData("""{"status":"timed_out"}""", "status")]
    [InlineData("""{"status":"done"}""", "status")]
    [InlineData("""{"status":1}""", "status")]
    [InlineData("""{"status":"completed","result":42}""", "result")]
    [InlineData("""{"status":"failed","error":{"code":1}}""", "error")]
    [InlineData("""["completed"]""", "JSON object")]
    [InlineData("""{"status":""", "JSON")]
    [InlineData("", "empty")]
    public async Task CompleteRun_InvalidBody_Returns400NamingTheFieldAndTheRunKeepsRunning(string json, string expected)
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (taskId, _) = await Host.CreateEventTaskAsync(agent);
        var runId = (await Host.StartRunAsync(agent, taskId)).Body.GetProperty("run_id").GetString()!;

        var (status, body) = await Host.CompleteRunAsync(agent, runId, json);

        Assert.Equal(400, status);
        Assert.Contains(expected, body.GetProperty("detail").GetString());
        Assert.Equal(TaskRunStatus.Running, Assert.Single(await user.RunsAsync(taskId)).Status);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task TaskRoutes_ApprovalOnlyAgent_Return403(string method, string path, string? json)
    {
        var (_, agent) = await Host.CreateAgentAsync(AgentType.ApprovalOnly);

        var (status, body) = await Host.SendAsync(NodWebHost.AgentRequest(agent, new HttpMethod(method), path, json));

        Assert.Equal(403, status);
        Assert.Contains("approval-only", body.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task TaskRoutes_MissingOrWrongCredentials_Return401(string method, string path, string? json)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var wrong = NodWebHost.AgentRequest(agent with { Secret = "nod_" + new string('0', 40) }, new HttpMethod(method), path, json);
        var missing = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            missing.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var wrongAnswer = await Host.SendAsync(wrong);
        var missingAnswer = await Host.SendAsync(missing);

        Assert.Equal(401, wrongAnswer.Status);
        Assert.Equal(401, missingAnswer.Status);
        Assert.Contains("X-Nod-Agent-Id", missingAnswer.Body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("DELETE", "api/agent/tasks", "GET, POST")]
    [InlineData("POST", "api/agent/tasks/due", "GET")]
    [InlineData("POST", "api/agent/tasks/triggers/pending", "GET")]
    [InlineData("GET", "api/agent/tasks/tsk_0000000000000000/run/start", "POST")]
    [InlineData("PUT", "api/agent/tasks/runs/run_0000000000000000/complete", "POST")]
    public async Task TaskRoutes_WrongMethod_Return405WithAllowAndDetail(string method, string path, string allowed)
    {
        var (_, agent) = await Host.CreateAgentAsync();

        using var response = await Host.Http.SendAsync(NodWebHost.AgentRequest(agent, new HttpMethod(method), path)).Within();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
        Assert.Contains("detail", await response.Content.ReadAsStringAsync().Within());
    }

    [Fact]
    public async Task TaskRoutes_UnknownPathUnderTasks_Returns404WithDetail()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.GetAsync(agent, "api/agent/tasks/runs");

        Assert.Equal(404, status);
        Assert.Contains("tasks/runs", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TaskRoutes_OverTheAgentsRateLimit_Return429SharedWithItsOtherCalls()
    {
        await using var host = await NodWebHost.StartAsync(http: o =>
        {
            o.RateLimitBurst = 3;
            o.RateLimitPerSecond = 1;
        });
        var (_, agent) = await host.CreateAgentAsync();

        // Spend the budget on events until one is refused (the refill is 1/s, so it stays empty for the next call).
        var spent = false;
        for (var i = 0; i < 20 && !spent; i++)
        {
            spent = (await host.PostEventAsync(agent, """{"type":"alert","title":"x"}""")).Status == 429;
        }

        Assert.True(spent);

        using var limited = await host.Http.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Get, "api/agent/tasks")).Within();

        Assert.Equal(429, (int)limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.Contains("rate limit", await limited.Content.ReadAsStringAsync().Within());
    }
}
