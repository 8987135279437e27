using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;

namespace Nod.AspNetCore.Tests.Tasks;

/// <summary>
/// Tasks end to end over the real transports (PROTOCOL §4–§5), on fake time moved with
/// <see cref="FakeTimeProvider.Advance"/>: <c>task_due</c> over the WebSocket and completion over REST, a trigger that
/// waits while the agent is offline and arrives when it reconnects, <c>run/start</c> taking the waiting run, and a task
/// proposal that becomes a task only when approved.
/// </summary>
public sealed class TaskFlowTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task OnceTask_DueWhileTheWebSocketIsOpen_TaskDueLiveThenCompletedOverRest_RunCompletedWithResult()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await NodWebHost.StartAsync(time: time);
        var (user, agent) = await host.CreateAgentAsync();
        await using var socket = await host.ConnectAsync(agent);
        var taskId = await host.CreateOnceTaskAsync(agent, Start.AddSeconds(5));

        time.Advance(TimeSpan.FromSeconds(5));
        var due = await socket.ReceiveAsync("task_due").Within();

        Assert.Equal(taskId, due.GetProperty("task_id").GetString());
        Assert.Equal("Standup", due.GetProperty("task_name").GetString());
        Assert.Equal("Collect the notes", due.GetProperty("task_prompt").GetString());
        Assert.Equal("once", due.GetProperty("schedule").GetString());
        Assert.StartsWith("evt_", due.GetProperty("event_id").GetString());
        var runId = due.GetProperty("run_id").GetString()!;
        Assert.Empty((await host.GetAsync(agent, "api/agent/tasks/due")).Body.EnumerateArray());

        var (status, _) = await host.CompleteRunAsync(agent, runId, """{"status":"completed","result":"Notes collected: 4 people"}""");

        Assert.Equal(200, status);
        var run = Assert.Single(await user.RunsAsync(taskId));
        Assert.Equal(runId, run.Id);
        Assert.Equal(TaskRunStatus.Completed, run.Status);
        Assert.Equal("Notes collected: 4 people", run.Result);
        Assert.Equal(Start.AddSeconds(5), run.CompletedAt);
        var (_, tasks) = await host.GetAsync(agent, "api/agent/tasks");
        Assert.Equal(JsonValueKind.Null, Assert.Single(tasks.EnumerateArray()).GetProperty("next_run_at").ValueKind);
    }

    [Fact]
    public async Task Trigger_FiredWhileOffline_PendingThenLiveOnReconnectWithTheSameEventId()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await NodWebHost.StartAsync(time: time);
        var (_, agent) = await host.CreateAgentAsync();
        var (taskId, triggerId) = await host.CreateEventTaskAsync(agent, "On order");
        var first = await host.ConnectAsync(agent);
        await first.CloseAsync();
        await first.DisposeAsync();

        var (status, fired) = await host.FireAsync(triggerId, """{"order":42}""");
        var (_, pending) = await host.GetAsync(agent, "api/agent/tasks/triggers/pending");

        Assert.Equal(202, status);
        var eventId = fired.GetProperty("event_id").GetString();
        var runId = fired.GetProperty("run_id").GetString();
        var waiting = Assert.Single(pending.EnumerateArray());
        Assert.Equal(eventId, waiting.GetProperty("id").GetString());
        Assert.Equal(runId, waiting.GetProperty("run_id").GetString());

        // A fresh connection, no resume position: the connection itself hands the trigger over.
        await using var reconnected = await host.ConnectAsync(agent);
        var live = await reconnected.ReceiveAsync("task_trigger").Within();
        var (_, after) = await host.GetAsync(agent, "api/agent/tasks/triggers/pending");

        Assert.Equal(eventId, live.GetProperty("event_id").GetString());
        Assert.Equal(runId, live.GetProperty("run_id").GetString());
        Assert.Equal(taskId, live.GetProperty("task_id").GetString());
        Assert.Equal(42, live.GetProperty("payload").GetProperty("order").GetInt32());
        Assert.Equal(waiting.GetProperty("received_at").GetString(), live.GetProperty("received_at").GetString());
        Assert.Empty(after.EnumerateArray());
    }

    [Fact]
    public async Task OnceTask_DueWhileUnreachable_ListedAsDueAndLogged_RunStartTakesTheWaitingRun()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await NodWebHost.StartAsync(time: time);
        var (user, agent) = await host.CreateAgentAsync();
        var taskId = await host.CreateOnceTaskAsync(agent, Start.AddSeconds(5));
        await using var stream = await user.SubscribeAsync().Within();

        time.Advance(TimeSpan.FromSeconds(5));

        // Wait until the run exists before the agent polls, so what the poll and the due list see does not depend on
        // how the engine's timer commit and the agent's requests interleave.
        await stream.Subscription.NextAsync<Nod.Protocol.TaskRunUpdatedFrame>();

        // The update log carries task_due for REST agents.
        var (_, updates) = await host.GetAsync(agent, "api/agent/updates?wait_s=10");
        var logged = Assert.Single(updates.GetProperty("updates").EnumerateArray());
        Assert.Equal("task_due", logged.GetProperty("type").GetString());
        var (_, dueBody) = await host.GetAsync(agent, "api/agent/tasks/due");
        var due = Assert.Single(dueBody.EnumerateArray());
        Assert.Equal(taskId, due.GetProperty("id").GetString());
        Assert.Equal("once", due.GetProperty("trigger_type").GetString());
        var waitingRunId = due.GetProperty("run_id").GetString();
        Assert.Equal(logged.GetProperty("run_id").GetString(), waitingRunId);

        var (status, started) = await host.StartRunAsync(agent, taskId);
        var (_, dueAfter) = await host.GetAsync(agent, "api/agent/tasks/due");

        Assert.Equal(200, status);
        Assert.Equal(waitingRunId, started.GetProperty("run_id").GetString());
        Assert.Empty(dueAfter.EnumerateArray());
        var run = Assert.Single(await user.RunsAsync(taskId));
        Assert.Equal(waitingRunId, run.Id);
        Assert.Equal(TaskRunStatus.Running, run.Status);
    }

    [Fact]
    public async Task TaskDue_WhileOffline_ArrivesOnAFreshWebSocketAndLeavesTheDueList()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await NodWebHost.StartAsync(time: time);
        var (_, agent) = await host.CreateAgentAsync();
        var taskId = await host.CreateOnceTaskAsync(agent, Start.AddSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));
        await host.GetAsync(agent, "api/agent/updates?wait_s=10");
        var waiting = Assert.Single((await host.GetAsync(agent, "api/agent/tasks/due")).Body.EnumerateArray());

        await using var socket = await host.ConnectAsync(agent);
        var due = await socket.ReceiveAsync("task_due").Within();

        Assert.Equal(taskId, due.GetProperty("task_id").GetString());
        Assert.Equal(waiting.GetProperty("run_id").GetString(), due.GetProperty("run_id").GetString());
        Assert.Empty((await host.GetAsync(agent, "api/agent/tasks/due")).Body.EnumerateArray());
    }

    [Fact]
    public async Task TaskProposal_OverRest_ApprovedCreatesTheTask_RejectedDoesNot()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await NodWebHost.StartAsync(time: time);
        var (user, agent) = await host.CreateAgentAsync();

        var approved = await host.PostEventAsync(agent,
            """{"type":"task_proposal","title":"Daily standup notes?","task_name":"Standup notes","task_prompt":"Collect the notes","task_schedule":"0 9 * * 1-5","task_timezone":"Europe/Berlin"}""");
        var rejected = await host.PostEventAsync(agent,
            """{"type":"task_proposal","title":"Watch orders?","task_name":"Orders","task_prompt":"Handle orders","task_schedule":"event"}""");
        Assert.Equal(200, approved.Status);
        Assert.Equal(200, rejected.Status);
        var approvedId = approved.Body.GetProperty("decision_id").GetString()!;
        var rejectedId = rejected.Body.GetProperty("decision_id").GetString()!;
        Assert.Empty((await host.GetAsync(agent, "api/agent/tasks")).Body.EnumerateArray());

        var card = await user.GetDecisionAsync(approvedId).Within();
        Assert.Equal(DecisionKind.Approval, card.Kind);
        Assert.Contains("Standup notes", card.Description, StringComparison.Ordinal);
        await user.ApproveAsync(approvedId).Within();
        await user.RejectAsync(rejectedId).Within();

        var (_, tasks) = await host.GetAsync(agent, "api/agent/tasks");
        var task = Assert.Single(tasks.EnumerateArray());
        Assert.Equal("Standup notes", task.GetProperty("name").GetString());
        Assert.Equal("Collect the notes", task.GetProperty("prompt").GetString());
        Assert.Equal("0 9 * * 1-5", task.GetProperty("schedule").GetString());
        Assert.Equal("Europe/Berlin", task.GetProperty("timezone").GetString());
        Assert.Equal("agent", task.GetProperty("created_by").GetString());
        Assert.Equal("2026-01-06T08:00:00Z", task.GetProperty("next_run_at").GetString());
        var (_, updates) = await host.GetAsync(agent, "api/agent/updates");
        var resolutions = updates.GetProperty("updates").EnumerateArray()
            .Where(u => u.GetProperty("type").GetString() == "decision_resolved")
            .ToDictionary(u => u.GetProperty("decision_id").GetString()!, u => u.GetProperty("status").GetString());
        Assert.Equal("approved", resolutions[approvedId]);
        Assert.Equal("rejected", resolutions[rejectedId]);
    }
}
