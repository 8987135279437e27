using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests.App;

/// <summary>The app API's webhook deliveries (list, redeliver) and task runs as people see them, over real HTTP.</summary>
public sealed class AppDeliveriesAndRunsTests
{
    [Fact]
    public async Task Deliveries_FailedThenRedelivered_ListShowsEachStateAndTheReceiverGetsTheSameEventTwice()
    {
        var received = Channel.CreateUnbounded<(string EventId, string Reason)>();
        var answers = new Queue<int>([400, 200]);
        await using var host = await NodWebHost.StartAsync(
            nod: o =>
            {
                o.Webhooks.AllowPrivateNetworks = true;
                o.Webhooks.Jitter = 0;
            },
            map: app =>
            {
                app.MapNod();
                app.MapPost("/hook", async (HttpContext context) =>
                {
                    int status;
                    lock (answers)
                    {
                        status = answers.Count > 0 ? answers.Dequeue() : 200;
                    }

                    await received.Writer.WriteAsync((context.Request.Headers["X-Nod-Event-Id"].ToString(), context.Request.Headers["X-Nod-Retry-Reason"].ToString()));
                    return Results.StatusCode(status);
                }).AllowAnonymous();
            });
        var alice = OwnedResources.NewUser("alice");
        var (_, created) = await host.AppPostAsync(alice, "api/app/agents", $$"""{"name":"Offline bot","webhook_url":"{{host.BaseAddress}}hook"}""");
        var agentId = created.GetProperty("agent_id").GetString()!;
        var (_, conversations) = await host.AppGetAsync(alice, $"api/app/agents/{agentId}/conversations");
        var conversationId = conversations.GetProperty("conversations")[0].GetProperty("id").GetString()!;

        await host.AppPostAsync(alice, $"api/app/conversations/{conversationId}/messages", """{"text":"are you there?"}""");
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var first = await received.Reader.ReadAsync(timeout.Token);
        var failed = await UntilAsync(host, alice, $"api/app/agents/{agentId}/deliveries?status=failed");

        Assert.Equal("first_attempt", first.Reason);
        Assert.Equal(first.EventId, failed.GetProperty("event_id").GetString());
        Assert.Equal("user_message", failed.GetProperty("type").GetString());
        Assert.Equal(400, failed.GetProperty("last_status_code").GetInt32());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        foreach (var field in (string[])["event_id", "type", "status", "attempts", "last_status_code", "last_error", "next_attempt_at", "created_at", "delivered_at"])
        {
            Assert.True(failed.TryGetProperty(field, out _), field);
        }

        var (redeliverStatus, pending) = await host.AppPostAsync(alice, $"api/app/agents/{agentId}/deliveries/{first.EventId}/redeliver");
        Assert.Equal(202, redeliverStatus);
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        var second = await received.Reader.ReadAsync(timeout.Token);
        var delivered = await UntilAsync(host, alice, $"api/app/agents/{agentId}/deliveries?status=delivered");

        Assert.Equal(first.EventId, second.EventId);
        Assert.Equal("redelivery", second.Reason);
        Assert.Equal(2, delivered.GetProperty("attempts").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, delivered.GetProperty("delivered_at").ValueKind);
    }

    [Fact]
    public async Task TaskRuns_RunNowAndComplete_StreamShowsTaskRunUpdatedAndRunsListHasTheResult()
    {
        await using var host = await NodWebHost.StartAsync();
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(host, alice);
        var (_, task) = await host.AppPostAsync(alice, $"api/app/agents/{owned.AgentId}/tasks", """{"name":"On demand","prompt":"Summarize","schedule":"event"}""");
        var taskId = task.GetProperty("id").GetString()!;
        var (socket, _) = await host.ConnectAppAsync(alice);
        await using var stream = socket;

        var (runStatus, run) = await host.AppPostAsync(alice, $"api/app/tasks/{taskId}/run");
        var runId = run.GetProperty("run_id").GetString()!;
        var started = await stream.ReceiveAsync("task_run_updated").Within();
        await owned.AgentClient.CompleteRunAsync(runId, new Model.CompleteRunRequest { Result = "3 items" }).Within();
        var completed = await stream.ReceiveAsync("task_run_updated").Within();
        var (_, runs) = await host.AppGetAsync(alice, $"api/app/tasks/{taskId}/runs");

        Assert.Equal(201, runStatus);
        Assert.Equal(runId, started.GetProperty("run").GetProperty("id").GetString());
        Assert.Equal("running", started.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal("completed", completed.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal("3 items", completed.GetProperty("run").GetProperty("result").GetString());
        var listed = runs.GetProperty("runs")[0];
        Assert.Equal(runId, listed.GetProperty("id").GetString());
        Assert.Equal("completed", listed.GetProperty("status").GetString());
        Assert.Equal("3 items", listed.GetProperty("result").GetString());
    }

    /// <summary>Asks again until the list has an entry (the dispatcher records outcomes in the background); bounded by the test timeout.</summary>
    private static async Task<JsonElement> UntilAsync(NodWebHost host, string user, string path)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (true)
        {
            timeout.Token.ThrowIfCancellationRequested();
            var (_, body) = await host.AppGetAsync(user, path);
            var items = body.GetProperty("deliveries");
            if (items.GetArrayLength() > 0)
            {
                return items[0];
            }
        }
    }
}
