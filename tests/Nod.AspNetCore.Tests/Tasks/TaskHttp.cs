using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;

namespace Nod.AspNetCore.Tests.Tasks;

/// <summary>Calls of the task API (PROTOCOL §5) shared by the task tests: every one over HTTP, every await bounded.</summary>
internal static class TaskHttp
{
    /// <summary>The fields of the Task shape (PROTOCOL §7), every one always present.</summary>
    public static readonly string[] TaskFields =
    [
        "id", "agent_id", "name", "prompt", "schedule", "trigger_type", "enabled", "timezone", "run_at", "next_run_at",
        "trigger_id", "trigger_url", "created_by", "created_at",
    ];

    /// <summary><c>POST /api/agent/tasks</c> with <paramref name="json"/>.</summary>
    public static Task<(int Status, JsonElement Body)> CreateTaskAsync(this NodWebHost host, AgentCredentials agent, string json) =>
        host.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/tasks", json));

    /// <summary>Creates an event task over REST; returns its id and trigger id.</summary>
    public static async Task<(string TaskId, string TriggerId)> CreateEventTaskAsync(this NodWebHost host, AgentCredentials agent, string name = "On order")
    {
        var (status, body) = await host.CreateTaskAsync(agent, $$"""{"name":"{{name}}","prompt":"Handle the order","schedule":"event"}""");
        Assert.Equal(200, status);
        return (body.GetProperty("task_id").GetString()!, body.GetProperty("trigger_id").GetString()!);
    }

    /// <summary>Creates a once-task over REST that falls due at <paramref name="runAt"/>; returns its id.</summary>
    public static async Task<string> CreateOnceTaskAsync(this NodWebHost host, AgentCredentials agent, DateTimeOffset runAt)
    {
        var (status, body) = await host.CreateTaskAsync(agent, $$"""{"name":"Standup","prompt":"Collect the notes","schedule":"once","run_at":"{{Iso(runAt)}}"}""");
        Assert.Equal(200, status);
        return body.GetProperty("task_id").GetString()!;
    }

    /// <summary><c>POST /api/agent/tasks/{task_id}/run/start</c>.</summary>
    public static Task<(int Status, JsonElement Body)> StartRunAsync(this NodWebHost host, AgentCredentials agent, string taskId) =>
        host.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Post, $"api/agent/tasks/{taskId}/run/start"));

    /// <summary><c>POST /api/agent/tasks/runs/{run_id}/complete</c> with <paramref name="json"/>.</summary>
    public static Task<(int Status, JsonElement Body)> CompleteRunAsync(this NodWebHost host, AgentCredentials agent, string runId, string json) =>
        host.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Post, $"api/agent/tasks/runs/{runId}/complete", json));

    /// <summary><c>POST /api/triggers/{trigger_id}</c> (no credentials) with a body of <paramref name="contentType"/>.</summary>
    public static Task<(int Status, JsonElement Body)> FireAsync(this NodWebHost host, string triggerId, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/triggers/{triggerId}")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)),
        };
        return host.SendAsync(request);
    }

    /// <summary>A user's view of a task's runs, newest first.</summary>
    public static Task<IReadOnlyList<TaskRun>> RunsAsync(this NodUserClient user, string taskId) => user.GetRunsAsync(taskId).Within();

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static IEnumerable<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).Order();

    /// <summary>Forces HttpClient to send a body without Content-Length (chunked).</summary>
    public sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
