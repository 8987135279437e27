using System.Text;
using System.Text.Json;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Notifications;
using Nod.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Nod.Core.Tests.Tasks;

/// <summary>The life of a run (PROTOCOL §5): delivery, due/pending lists, start, completion, triggers, proposals.</summary>
public sealed class TaskRunFlowTests
{
    [Fact]
    public async Task DueWhileAgentConnected_RunCreatedAndTaskDueLive_NothingWaits()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var updates = agent.SubscribeUpdates();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "Digest", Prompt = "Summarize", Schedule = "* * * * *" }).Within();

        host.Time.Advance(TimeSpan.FromMinutes(1));
        var due = await updates.NextAsync<TaskDueFrame>();

        Assert.Equal(task.Id, due.TaskId);
        Assert.StartsWith("run_", due.RunId, StringComparison.Ordinal);
        Assert.StartsWith("evt_", due.EventId, StringComparison.Ordinal);
        Assert.Equal("* * * * *", due.Schedule);
        Assert.Empty(await agent.GetDueTasksAsync().Within());
    }

    [Fact]
    public async Task DueWhileAgentAway_ListedAsDueOnce_StartRunTakesIt()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await agent.DisposeAsync();
        var rest = host.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret);
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "Digest", Prompt = "p", Schedule = "*/10 * * * *" }).Within();

        // Three occurrences pass while nobody can be told: one waiting run, not three.
        host.Time.Advance(TimeSpan.FromMinutes(30));
        await host.SyncAsync();
        var due = Assert.Single(await rest.GetDueTasksAsync().Within());
        Assert.Equal(task.Id, due.Id);
        Assert.NotNull(due.RunId);
        Assert.Single(await user.GetRunsAsync(task.Id).Within());

        var runId = await rest.StartRunAsync(task.Id).Within();
        Assert.Equal(due.RunId, runId);
        Assert.Empty(await rest.GetDueTasksAsync().Within());

        // The update log has the task_due too (REST agents poll it).
        var logged = (await rest.GetUpdatesAsync().Within()).Select(e => e.Frame).OfType<TaskDueFrame>().ToList();
        Assert.Contains(logged, f => f.RunId == runId);
    }

    [Fact]
    public async Task StartRun_NothingWaiting_CreatesANewRun()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();

        var runId = await agent.StartRunAsync(task.Id).Within();

        Assert.Equal(runId, Assert.Single(await user.GetRunsAsync(task.Id).Within()).Id);

        // The agent asked for it: no task_due is sent back.
        Assert.DoesNotContain((await agent.GetUpdatesAsync().Within()).Select(e => e.Frame), f => f is TaskDueFrame);
    }

    [Fact]
    public async Task WaitingRuns_AreDeliveredWhenTheAgentConnects_SameEventId()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var scheduled = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "s", Prompt = "p", Schedule = "* * * * *" }).Within();
        var triggered = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "t", Prompt = "p", Schedule = "event" }).Within();
        await agent.DisposeAsync();

        host.Time.Advance(TimeSpan.FromMinutes(1));
        var accepted = await host.Nod.FireTriggerAsync(triggered.TriggerId!, Encoding.UTF8.GetBytes("{\"order\":42}")).Within();
        await host.SyncAsync();
        var rest = host.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret);
        var pending = Assert.Single(await rest.GetPendingTriggersAsync().Within());
        Assert.Equal(accepted.EventId, pending.Id);
        Assert.Equal(accepted.RunId, pending.RunId);
        Assert.Equal(42, pending.Payload.GetProperty("order").GetInt32());
        var firstDue = (await rest.GetUpdatesAsync().Within()).Select(e => e.Frame).OfType<TaskDueFrame>().Single();

        var head = (await rest.GetUpdatesAsync().Within())[^1].Seq;
        await using var reconnected = await host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
        await using var updates = reconnected.SubscribeUpdates(after: head);
        var again = new List<AgentFrame> { (AgentFrame)(await updates.NextAsync()).Frame, (AgentFrame)(await updates.NextAsync()).Frame };

        Assert.Contains(again, f => f is TaskDueFrame due && due.EventId == firstDue.EventId && due.TaskId == scheduled.Id);
        Assert.Contains(again, f => f is TaskTriggerFrame trigger && trigger.EventId == accepted.EventId && trigger.Payload.GetProperty("order").GetInt32() == 42);
        Assert.Empty(await reconnected.GetPendingTriggersAsync().Within());
        Assert.Empty(await reconnected.GetDueTasksAsync().Within());
    }

    [Fact]
    public async Task Trigger_AgentConnected_TaskTriggerLiveAndNothingPending()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var updates = agent.SubscribeUpdates();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "On order", Prompt = "Handle it", Schedule = "event" }).Within();
        Assert.Equal($"/api/triggers/{task.TriggerId}", task.TriggerUrl);

        var accepted = await host.Nod.FireTriggerAsync(task.TriggerId!, Encoding.UTF8.GetBytes("not json")).Within();

        var trigger = await updates.NextAsync<TaskTriggerFrame>();
        Assert.Equal(accepted.EventId, trigger.EventId);
        Assert.Equal(accepted.RunId, trigger.RunId);
        Assert.Equal("not json", trigger.Payload.GetString());
        Assert.Equal("Handle it", trigger.TaskPrompt);
        Assert.Empty(await agent.GetPendingTriggersAsync().Within());
        Assert.Equal(accepted.EventId, Assert.Single(await user.GetRunsAsync(task.Id).Within()).TriggerEventId);
    }

    [Fact]
    public async Task DueAfterTheAgentGotAWebhook_ANewRunGoesToTheWebhook_TheWaitingOneStaysListed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await NodTestHost.StartAsync(o =>
        {
            o.Webhooks.AllowPrivateNetworks = true;
            o.Webhooks.Jitter = 0;
        });
        var user = host.Nod.ForUser("alice", "Alice");
        var credentials = await user.CreateAgentAsync(new CreateAgentRequest { Name = "Away bot" }).Within();
        var rest = host.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret);
        var task = await user.CreateTaskAsync(credentials.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "*/5 * * * *" }).Within();
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await host.SyncAsync();
        var waiting = Assert.Single(await rest.GetDueTasksAsync().Within());

        // Reachable now: the next occurrence is a run of its own, announced by webhook.
        await user.UpdateAgentAsync(credentials.AgentId, new UpdateAgentRequest { WebhookUrl = receiver.Url }).Within();
        host.Time.Advance(TimeSpan.FromMinutes(5));
        var pushed = JsonDocument.Parse((await receiver.NextAsync()).Body).RootElement;

        Assert.Equal("task_due", pushed.GetProperty("type").GetString());
        Assert.NotEqual(waiting.RunId, pushed.GetProperty("run_id").GetString());
        Assert.Equal(2, (await user.GetRunsAsync(task.Id).Within()).Count);
        Assert.Equal(waiting.RunId, Assert.Single(await rest.GetDueTasksAsync().Within()).RunId);
    }

    [Fact]
    public async Task TriggerPayload_KeptOnlyWhileTheRunWaits_TheAgentGetsItEitherWay()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        var body = Encoding.UTF8.GetBytes("{\"order\":42}");
        await using (var live = agent.SubscribeUpdates())
        {
            var delivered = await host.Nod.FireTriggerAsync(task.TriggerId!, body).Within();
            Assert.Equal(42, (await live.NextAsync<TaskTriggerFrame>()).Payload.GetProperty("order").GetInt32());
            Assert.Null((await host.Store.Runs.GetAsync(delivered.RunId).Within())!.TriggerPayload);
        }

        await agent.DisposeAsync();
        var waiting = await host.Nod.FireTriggerAsync(task.TriggerId!, body).Within();
        await host.SyncAsync();
        Assert.NotNull((await host.Store.Runs.GetAsync(waiting.RunId).Within())!.TriggerPayload);

        await using var reconnected = await host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
        await using var updates = reconnected.SubscribeUpdates(after: 0);
        var handedOver = await updates.NextAsync<TaskTriggerFrame>(f => f.RunId == waiting.RunId);

        Assert.Equal(42, handedOver.Payload.GetProperty("order").GetInt32());
        Assert.Null((await host.Store.Runs.GetAsync(waiting.RunId).Within())!.TriggerPayload);
        var state = host.Services.GetRequiredService<Nod.Engine.NodEngine>().Committed;
        Assert.All(state.OpenRuns.Values, r => Assert.Null(r.TriggerPayload));
    }

    [Fact]
    public async Task Trigger_UnknownDisabledOrDeleted_SameNotFound()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var disabled = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event", Enabled = false }).Within();
        var deleted = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        await user.DeleteTaskAsync(deleted.Id).Within();

        var details = new List<string>();
        foreach (var trigger in new[] { "trg_" + new string('0', 32), disabled.TriggerId!, deleted.TriggerId! })
        {
            var error = await Assert.ThrowsAsync<NodException>(() => host.Nod.FireTriggerAsync(trigger, "{}"u8.ToArray()).Within());
            Assert.Equal(NodErrorKind.NotFound, error.Kind);
            details.Add(error.Detail);
        }

        Assert.Single(details.Distinct());
    }

    [Fact]
    public async Task Trigger_BodyOverTheLimit_PayloadTooLarge()
    {
        await using var host = await NodTestHost.StartAsync(o => o.Limits.MaxTriggerPayloadBytes = 16);
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();

        var error = await Assert.ThrowsAsync<NodException>(() => host.Nod.FireTriggerAsync(task.TriggerId!, new byte[17]).Within());

        Assert.Equal(NodErrorKind.PayloadTooLarge, error.Kind);
    }

    [Fact]
    public async Task Complete_WithResultAndNoMessage_PostsTheTaskResultBubble()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        var runId = await agent.StartRunAsync(task.Id).Within();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.CompleteRunAsync(runId, new CompleteRunRequest { Status = TaskRunStatus.Completed, Result = "3 new orders" }).Within();

        var updated = await stream.Subscription.NextAsync<TaskRunUpdatedFrame>();
        Assert.Equal(TaskRunStatus.Completed, updated.Run.Status);
        Assert.Equal("3 new orders", updated.Run.Result);
        Assert.NotNull(updated.Run.CompletedAt);
        var bubble = await stream.Subscription.NextAsync<MessageCreatedFrame>();
        Assert.Equal(runId, bubble.Message.TaskRunId);
        Assert.Equal("3 new orders", bubble.Message.Text);

        var again = await Assert.ThrowsAsync<NodException>(() => agent.CompleteRunAsync(runId, new CompleteRunRequest()).Within());
        Assert.Equal(NodErrorKind.Conflict, again.Kind);
    }

    [Fact]
    public async Task Complete_AfterAMessageOfTheRun_NoExtraBubble()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        var runId = await agent.StartRunAsync(task.Id).Within();

        await agent.SendMessageAsync(new MessageEvent { Text = "Here is the digest", TaskRunId = runId }).Within();
        await agent.AlertAsync("Fetched feeds", taskRunId: runId).Within();
        await agent.CompleteRunAsync(runId, new CompleteRunRequest { Result = "done" }).Within();

        var messages = (await user.GetMessagesAsync(agent.DefaultConversationId!).Within()).Items;
        Assert.Equal("Here is the digest", Assert.Single(messages).Text);
    }

    [Fact]
    public async Task Failed_KeepsErrorAndNotifiesFinishedRun()
    {
        var handler = new RecordingHandler();
        await using var host = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodNotificationHandler>(handler));
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        var runId = await agent.StartRunAsync(task.Id).Within();

        await agent.CompleteRunAsync(runId, new CompleteRunRequest { Status = TaskRunStatus.Failed, Error = "API down" }).Within();

        var run = Assert.Single(await user.GetRunsAsync(task.Id).Within());
        Assert.Equal(TaskRunStatus.Failed, run.Status);
        Assert.Equal("API down", run.Error);
        var finished = await handler.Finished.Task.Within();
        Assert.Equal(runId, finished.Run.Id);
        Assert.Equal(["alice"], finished.UserIds);
    }

    [Fact]
    public async Task Complete_InvalidStatusOrForeignRun_Refused()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var (_, other, _) = await host.UserWithAgentAsync("bob");
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        var runId = await agent.StartRunAsync(task.Id).Within();

        var running = await Assert.ThrowsAsync<NodException>(() => agent.CompleteRunAsync(runId, new CompleteRunRequest { Status = TaskRunStatus.Running }).Within());
        Assert.Equal(NodErrorKind.InvalidRequest, running.Kind);
        var foreign = await Assert.ThrowsAsync<NodException>(() => other.CompleteRunAsync(runId, new CompleteRunRequest()).Within());
        Assert.Equal(NodErrorKind.NotFound, foreign.Kind);
        var foreignStart = await Assert.ThrowsAsync<NodException>(() => other.StartRunAsync(task.Id).Within());
        Assert.Equal(NodErrorKind.NotFound, foreignStart.Kind);
    }

    [Fact]
    public async Task TaskRunId_UnknownOrForeign_NotFoundNamingTheField()
    {
        await using var host = await NodTestHost.StartAsync();
        var (_, agent, _) = await host.UserWithAgentAsync();

        var error = await Assert.ThrowsAsync<NodException>(() => agent.SendMessageAsync(new MessageEvent { Text = "x", TaskRunId = "run_0000000000000000" }).Within());

        Assert.Equal(NodErrorKind.NotFound, error.Kind);
        Assert.Contains("task_run_id", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proposal_Approved_CreatesTheTask_Rejected_DoesNot()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();

        var approvedId = await agent.ProposeTaskAsync(new TaskProposalEvent
        {
            Title = "Daily standup notes?", TaskName = "Standup notes", TaskPrompt = "Collect notes", TaskSchedule = "0 9 * * 1-5", TaskTimezone = "Europe/Berlin",
        }).Within();
        var rejectedId = await agent.ProposeTaskAsync(new TaskProposalEvent
        {
            Title = "Spam?", TaskName = "Spam", TaskPrompt = "p", TaskSchedule = "event",
        }).Within();
        var card = await user.GetDecisionAsync(approvedId).Within();
        Assert.Equal(DecisionKind.Approval, card.Kind);
        Assert.Contains("Standup notes", card.Description, StringComparison.Ordinal);

        await user.ApproveAsync(approvedId).Within();
        await user.RejectAsync(rejectedId).Within();

        var task = Assert.Single(await user.GetTasksAsync(agent.AgentId).Within());
        Assert.Equal("Standup notes", task.Name);
        Assert.Equal("Collect notes", task.Prompt);
        Assert.Equal("Europe/Berlin", task.Timezone);
        Assert.Equal(TaskCreator.Agent, task.CreatedBy);
        Assert.NotNull(task.NextRunAt);
    }

    [Fact]
    public async Task ApprovalOnlyAgent_EveryTaskCallAnswers403()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync(type: AgentType.ApprovalOnly);
        var request = new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" };

        var calls = new Func<Task>[]
        {
            () => user.GetTasksAsync(agent.AgentId),
            () => user.CreateTaskAsync(agent.AgentId, request),
            () => agent.CreateTaskAsync(request),
            () => agent.GetTasksAsync(),
            () => agent.GetDueTasksAsync(),
            () => agent.GetPendingTriggersAsync(),
            () => agent.StartRunAsync("tsk_0000000000000000"),
            () => agent.CompleteRunAsync("run_0000000000000000", new CompleteRunRequest()),
            () => agent.ProposeTaskAsync(new TaskProposalEvent { Title = "t", TaskName = "n", TaskPrompt = "p", TaskSchedule = "event" }),
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<NodException>(() => call().Within());
            Assert.Equal(NodErrorKind.Forbidden, error.Kind);
        }
    }

    [Theory]
    [InlineData("0 9 * *", null, null, "schedule")]
    [InlineData("61 * * * *", null, null, "schedule")]
    [InlineData("0 0 30 2 *", null, null, "schedule")]
    [InlineData("0 0 31 4,6 *", null, null, "schedule")]
    [InlineData("0 9 * * *", "Mars/Olympus", null, "timezone")]
    [InlineData("once", null, null, "run_at")]
    [InlineData("once", null, -60, "run_at")]
    [InlineData("", null, null, "schedule")]
    public async Task Create_InvalidSchedule_ErrorNamesTheField(string schedule, string? timezone, int? runAtOffsetSeconds, string field)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var runAt = runAtOffsetSeconds is { } offset ? host.Time.GetUtcNow().AddSeconds(offset) : (DateTimeOffset?)null;

        var error = await Assert.ThrowsAsync<NodException>(() => user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest
        {
            Name = "n", Prompt = "p", Schedule = schedule, Timezone = timezone, RunAt = runAt,
        }).Within());

        Assert.Equal(NodErrorKind.InvalidRequest, error.Kind);
        Assert.Contains(field, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ScheduleToEventAndBack_TriggerComesAndGoes()
    {
        await using var host = await NodTestHost.StartAsync(o => o.PublicBaseUrl = "https://nod.example.com/");
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "0 * * * *" }).Within();
        Assert.Null(task.TriggerId);

        var evented = await user.UpdateTaskAsync(task.Id, new UpdateTaskRequest { Schedule = "event", Name = "renamed" }).Within();
        Assert.Equal(TaskTriggerType.Event, evented.TriggerType);
        Assert.Equal($"https://nod.example.com/api/triggers/{evented.TriggerId}", evented.TriggerUrl);
        Assert.Null(evented.NextRunAt);
        Assert.Equal("renamed", evented.Name);

        var back = await user.UpdateTaskAsync(task.Id, new UpdateTaskRequest { Schedule = "30 * * * *" }).Within();
        Assert.Null(back.TriggerId);
        await Assert.ThrowsAsync<NodException>(() => host.Nod.FireTriggerAsync(evented.TriggerId!, "{}"u8.ToArray()).Within());
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero).AddHours(1), back.NextRunAt);
    }

    [Fact]
    public async Task AgentCreatedTask_IsListedAndMarkedAgent()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();

        var created = await agent.CreateTaskAsync(new CreateTaskRequest { Name = "Self", Prompt = "p", Schedule = "event" }).Within();

        Assert.Equal(TaskCreator.Agent, created.CreatedBy);
        Assert.StartsWith("trg_", created.TriggerId, StringComparison.Ordinal);
        Assert.Equal(36, created.TriggerId!.Length);
        Assert.Equal(created.Id, Assert.Single(await agent.GetTasksAsync().Within()).Id);
        Assert.Equal(created.Id, Assert.Single(await user.GetTasksAsync(agent.AgentId).Within()).Id);
    }

    private sealed class RecordingHandler : INodNotificationHandler
    {
        public TaskCompletionSource<TaskRunFinishedNotification> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask HandleAsync(NodNotification notification, CancellationToken cancellationToken)
        {
            if (notification is TaskRunFinishedNotification finished)
            {
                Finished.TrySetResult(finished);
            }

            return ValueTask.CompletedTask;
        }
    }
}
