using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;
using Nod.Storage.InMemory;

namespace Nod.Core.Tests.Tasks;

/// <summary>When tasks fire (PROTOCOL §5), on fake time: cron across DST, once, downtime, timeout, disabled.</summary>
public sealed class TaskSchedulingTests
{
    [Fact]
    public async Task Cron_InBerlinAcrossSpringForward_FiresAtTheRightUtcInstants()
    {
        // 2026-03-29 02:00 CET → 03:00 CEST. 09:00 Berlin is 08:00Z before and 07:00Z after.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero));
        await using var host = await NodTestHost.StartAsync(time: time);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var updates = agent.SubscribeUpdates();

        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest
        {
            Name = "Morning digest", Prompt = "Summarize", Schedule = "0 9 * * *", Timezone = "Europe/Berlin",
        }).Within();
        Assert.Equal(Utc(2026, 3, 28, 8, 0), task.NextRunAt);

        var fired = new List<DateTimeOffset>();
        foreach (var expected in new[] { Utc(2026, 3, 28, 8, 0), Utc(2026, 3, 29, 7, 0), Utc(2026, 3, 30, 7, 0) })
        {
            host.Time.SetUtcNow(expected - TimeSpan.FromMilliseconds(1));
            await host.SyncAsync();
            host.Time.SetUtcNow(expected);
            var due = await updates.NextAsync<TaskDueFrame>();
            Assert.Equal(task.Id, due.TaskId);
            fired.Add(host.Time.GetUtcNow());
        }

        Assert.Equal(3, (await user.GetRunsAsync(task.Id).Within()).Count);
    }

    [Fact]
    public async Task Cron_TimeInTheSkippedHour_FiresOnceRightAfterTheGap()
    {
        // 02:30 does not exist in Berlin on 2026-03-29; Cronos fires at the end of the gap (03:00 CEST = 01:00Z).
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        await using var host = await NodTestHost.StartAsync(time: time);
        var (user, agent, _) = await host.UserWithAgentAsync();

        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest
        {
            Name = "Night job", Prompt = "p", Schedule = "30 2 * * *", Timezone = "Europe/Berlin",
        }).Within();

        Assert.Equal(Utc(2026, 3, 29, 1, 0), task.NextRunAt);
        host.Time.SetUtcNow(Utc(2026, 3, 29, 1, 0));
        await host.SyncAsync();
        var after = await user.GetTaskAsync(task.Id).Within();
        Assert.Equal(Utc(2026, 3, 30, 0, 30), after.NextRunAt);
        Assert.Single(await user.GetRunsAsync(task.Id).Within());
    }

    [Fact]
    public async Task Cron_InUtcByDefault()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();

        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "15 10 * * *" }).Within();

        Assert.Null(task.Timezone);
        Assert.Equal(Utc(2026, 1, 5, 10, 15), task.NextRunAt);
        Assert.Equal(TaskTriggerType.Scheduled, task.TriggerType);
    }

    [Theory]
    [InlineData("0 9 1 * 1", 2026, 1, 12)] // the 1st or a Monday: next Monday (the 5th's 09:00 has passed)
    [InlineData("0 9 6 * 0", 2026, 1, 6)]  // the 6th or a Sunday: the 6th comes first
    [InlineData("0 9 1-7 * 5", 2026, 1, 6)] // days 1–7 or a Friday: POSIX, not "the first Friday"
    [InlineData("0 9 * * 1", 2026, 1, 12)]  // only day-of-week restricted: just Mondays
    [InlineData("0 9 ? * 5", 2026, 1, 9)]   // '?' leaves day-of-month open, as '*' does
    public async Task Cron_DayOfMonthAndDayOfWeekBothGiven_EitherMatches(string schedule, int year, int month, int day)
    {
        // POSIX crontab: when both day fields are restricted, a day matching either one runs (it is Monday the 5th, 09:30).
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();

        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = schedule }).Within();

        Assert.Equal(Utc(year, month, day, 9, 0), task.NextRunAt);
    }

    [Fact]
    public async Task Cron_EitherDayField_FiresOnEveryMatchingDayInOrder()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "0 9 1 * 3" }).Within();

        var fired = new List<DateTimeOffset>();
        for (var i = 0; i < 6; i++)
        {
            var next = (await user.GetTaskAsync(task.Id).Within()).NextRunAt!.Value;
            fired.Add(next);
            host.Time.SetUtcNow(next);
            await host.SyncAsync();
        }

        // The Wednesdays of January 2026, then Sunday 1 February (the day of month), then Wednesdays again.
        Assert.Equal([Utc(2026, 1, 7, 9, 0), Utc(2026, 1, 14, 9, 0), Utc(2026, 1, 21, 9, 0), Utc(2026, 1, 28, 9, 0), Utc(2026, 2, 1, 9, 0), Utc(2026, 2, 4, 9, 0)], fired);
    }

    [Fact]
    public async Task StoredUnderOlderRules_AnEarlierOccurrenceIsTakenAtStartUp_AndTheTaskStaysEditable()
    {
        // As an older version stored them: "Friday the 13th" (both day fields, then read as AND), and a schedule that
        // names no existing day.
        var store = new InMemoryNodStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
        string fridays;
        string never;
        await using (var first = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store), time: time))
        {
            var (user, agent, _) = await first.UserWithAgentAsync();
            fridays = (await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "f", Prompt = "p", Schedule = "0 9 13 * 5" }).Within()).Id;
            never = (await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "0 9 * * *" }).Within()).Id;
        }

        var older = new ChangeSet();
        older.PutTask((await store.Tasks.GetAsync(fridays).Within())! with { NextRunAt = Utc(2026, 2, 13, 9, 0) });
        older.PutTask((await store.Tasks.GetAsync(never).Within())! with { Schedule = "0 0 30 2 *", NextRunAt = null });
        Assert.All(await store.CommitAsync([older]).Within(), outcome => Assert.Equal(CommitStatus.Committed, outcome.Status));

        await using var second = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store), time: time);
        var user2 = second.Nod.ForUser("alice", "Alice");

        Assert.Equal(Utc(2026, 1, 9, 9, 0), (await user2.GetTaskAsync(fridays).Within()).NextRunAt);
        var renamed = await user2.UpdateTaskAsync(never, new UpdateTaskRequest { Name = "renamed" }).Within();
        Assert.Equal("renamed", renamed.Name);
        Assert.Null(renamed.NextRunAt);
    }

    [Fact]
    public async Task Once_FiresExactlyAtRunAtThenNeverAgain()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var updates = agent.SubscribeUpdates();
        var runAt = host.Time.GetUtcNow().AddMinutes(5);

        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "Reminder", Prompt = "Call Bob", Schedule = "once", RunAt = runAt }).Within();
        Assert.Equal(runAt, task.NextRunAt);

        host.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        await host.SyncAsync();
        Assert.Empty(await user.GetRunsAsync(task.Id).Within());

        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        var due = await updates.NextAsync<TaskDueFrame>();
        Assert.Equal("Call Bob", due.TaskPrompt);
        Assert.Equal("once", due.Schedule);

        host.Time.Advance(TimeSpan.FromDays(3));
        await host.SyncAsync();
        Assert.Single(await user.GetRunsAsync(task.Id).Within());
        Assert.Null((await user.GetTaskAsync(task.Id).Within()).NextRunAt);
    }

    [Fact]
    public async Task Disabled_NeverFires_AndEnablingSchedulesFromNow()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "* * * * *", Enabled = false }).Within();
        var running = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "m", Prompt = "p", Schedule = "*/10 * * * *" }).Within();
        await user.DisableTaskAsync(running.Id).Within();

        host.Time.Advance(TimeSpan.FromHours(2));
        await host.SyncAsync();
        Assert.Empty(await user.GetRunsAsync(task.Id).Within());
        Assert.Empty(await user.GetRunsAsync(running.Id).Within());
        Assert.Null((await user.GetTaskAsync(task.Id).Within()).NextRunAt);

        var enabled = await user.EnableTaskAsync(task.Id).Within();
        Assert.Equal(host.Time.GetUtcNow().AddMinutes(1), enabled.NextRunAt);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.SyncAsync();
        Assert.Single(await user.GetRunsAsync(task.Id).Within());
    }

    [Fact]
    public async Task MissedRunsDuringDowntime_RunExactlyOnceAtStartUp()
    {
        var store = new InMemoryNodStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
        string taskId;
        string agentId;
        await using (var first = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store), time: time))
        {
            var (user, agent, _) = await first.UserWithAgentAsync();
            agentId = agent.AgentId;
            taskId = (await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "*/5 * * * *" }).Within()).Id;
        }

        // Down for 3 hours: 36 occurrences missed.
        var head = await store.Events.GetHeadAsync().Within();
        time.Advance(TimeSpan.FromHours(3));
        await using var second = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store), time: time);
        var user2 = second.Nod.ForUser("alice", "Alice");

        // Due at start-up: the deadline fires on its own; wait for the run it creates, then for anything more.
        await using var stream = await user2.SubscribeAsync(after: head).Within();
        await stream.Subscription.NextAsync<TaskRunUpdatedFrame>();
        await second.SyncAsync();

        Assert.Single(await user2.GetRunsAsync(taskId).Within());
        var task = await user2.GetTaskAsync(taskId).Within();
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 12, 35, 0, TimeSpan.Zero), task.NextRunAt);
        Assert.NotNull(agentId);
    }

    [Fact]
    public async Task RunNotCompletedInTime_TimesOutExactlyAtTheTimeout()
    {
        await using var host = await NodTestHost.StartAsync(o => o.TaskRunTimeout = TimeSpan.FromMinutes(30));
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        await using var stream = await user.SubscribeAsync().Within();

        var runId = await user.RunTaskNowAsync(task.Id).Within();
        Assert.Equal(TaskRunStatus.Running, (await stream.Subscription.NextAsync<TaskRunUpdatedFrame>()).Run.Status);

        host.Time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromMilliseconds(1));
        await host.SyncAsync();
        Assert.Equal(TaskRunStatus.Running, Assert.Single(await user.GetRunsAsync(task.Id).Within()).Status);

        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        var timedOut = await stream.Subscription.NextAsync<TaskRunUpdatedFrame>();
        Assert.Equal(runId, timedOut.Run.Id);
        Assert.Equal(TaskRunStatus.TimedOut, timedOut.Run.Status);
        var error = await Assert.ThrowsAsync<NodException>(() => agent.CompleteRunAsync(runId, new CompleteRunRequest()).Within());
        Assert.Equal(NodErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public async Task OpenRunsAfterDowntime_PastTheirTimeout_TimeOutAtStartUp()
    {
        var store = new InMemoryNodStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
        string taskId;
        await using (var first = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store), time: time))
        {
            var (user, agent, _) = await first.UserWithAgentAsync();
            taskId = (await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within()).Id;
            await user.RunTaskNowAsync(taskId).Within();
        }

        var head = await store.Events.GetHeadAsync().Within();
        time.Advance(TimeSpan.FromHours(2));
        await using var second = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store), time: time);
        await using var stream = await second.Nod.ForUser("alice", "Alice").SubscribeAsync(after: head).Within();
        Assert.Equal(TaskRunStatus.TimedOut, (await stream.Subscription.NextAsync<TaskRunUpdatedFrame>()).Run.Status);

        var run = Assert.Single(await second.Nod.ForUser("alice", "Alice").GetRunsAsync(taskId).Within());
        Assert.Equal(TaskRunStatus.TimedOut, run.Status);
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
