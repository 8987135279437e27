using Microsoft.Extensions.DependencyInjection;
using Nod.Core.Tests.Infrastructure;
using Nod.Engine;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Tasks;

/// <summary>
/// Commands about one run or task that land in the same commit batch — concurrent callers, or a timer firing while a
/// call is queued — see each other's changes: a run ends once, and a task falls due whatever else changed about it.
/// </summary>
public sealed class TaskRunBatchTests
{
    [Fact]
    public async Task CompleteTwiceInOneBatch_TheSecondGets409_TheFirstResultStays()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, task, runId) = await RunningAsync(host);

        var hold = await EngineHold.StartAsync(host);
        var first = agent.CompleteRunAsync(runId, new CompleteRunRequest { Status = TaskRunStatus.Completed, Result = "A" });
        var second = agent.CompleteRunAsync(runId, new CompleteRunRequest { Status = TaskRunStatus.Failed, Error = "B" });
        await hold.ReleaseAsync();

        await first.Within();
        var conflict = await Assert.ThrowsAsync<NodException>(() => second.Within());
        Assert.Equal(NodErrorKind.Conflict, conflict.Kind);
        var run = Assert.Single(await user.GetRunsAsync(task.Id).Within());
        Assert.Equal(TaskRunStatus.Completed, run.Status);
        Assert.Equal("A", run.Result);
    }

    [Fact]
    public async Task TimeoutAndCompleteInOneBatch_TheCompleteGets409_OneEnd()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, task, runId) = await RunningAsync(host);

        var hold = await EngineHold.StartAsync(host);
        host.Time.Advance(NodOptions.DefaultTaskRunTimeout);
        var complete = agent.CompleteRunAsync(runId, new CompleteRunRequest { Status = TaskRunStatus.Completed, Result = "late" });
        await hold.ReleaseAsync();

        var conflict = await Assert.ThrowsAsync<NodException>(() => complete.Within());
        Assert.Equal(NodErrorKind.Conflict, conflict.Kind);
        Assert.Equal(TaskRunStatus.TimedOut, Assert.Single(await user.GetRunsAsync(task.Id).Within()).Status);
        var feed = await user.GetActivityAsync().Within();
        Assert.Single(feed.Items, a => a.TaskRunId == runId && a.Type == ActivityType.System);
    }

    [Fact]
    public async Task MessageForARunCompletedInTheSameBatch_TheRunStaysCompleted()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, task, runId) = await RunningAsync(host);

        var hold = await EngineHold.StartAsync(host);
        var complete = agent.CompleteRunAsync(runId, new CompleteRunRequest { Status = TaskRunStatus.Completed, Result = "done" });
        var message = agent.SendMessageAsync(new MessageEvent { Text = "one more thing", TaskRunId = runId });
        await hold.ReleaseAsync();
        await complete.Within();
        await message.Within();

        // Not back to running: no timeout an hour later, and completing again is still a conflict.
        host.Time.Advance(NodOptions.DefaultTaskRunTimeout + TimeSpan.FromMinutes(1));
        await host.SyncAsync();
        var run = Assert.Single(await user.GetRunsAsync(task.Id).Within());
        Assert.Equal(TaskRunStatus.Completed, run.Status);
        Assert.NotNull(run.CompletedAt);
        Assert.DoesNotContain(host.Services.GetRequiredService<NodEngine>().Committed.OpenRuns.Keys, id => id == runId);
        var again = await Assert.ThrowsAsync<NodException>(() => agent.CompleteRunAsync(runId, new CompleteRunRequest()).Within());
        Assert.Equal(NodErrorKind.Conflict, again.Kind);
    }

    [Fact]
    public async Task RenameQueuedJustBeforeTheTaskFallsDue_TheDueRunStillHappens()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "0 10 * * *" }).Within();
        var dueAt = task.NextRunAt!.Value;
        host.Time.SetUtcNow(dueAt - TimeSpan.FromMilliseconds(1));
        await host.SyncAsync();

        // The rename is queued first; the due command the timer posts comes right behind it.
        var hold = await EngineHold.StartAsync(host);
        var rename = user.UpdateTaskAsync(task.Id, new UpdateTaskRequest { Name = "renamed" });
        host.Time.SetUtcNow(dueAt);
        await hold.ReleaseAsync();
        var renamed = await rename.Within();
        await host.SyncAsync();

        Assert.Equal("renamed", renamed.Name);
        var run = Assert.Single(await user.GetRunsAsync(task.Id).Within());
        Assert.Equal(dueAt, run.StartedAt);
        Assert.Equal(dueAt.AddDays(1), (await user.GetTaskAsync(task.Id).Within()).NextRunAt);
    }

    [Fact]
    public async Task ScheduleChanged_NextRunIsRecomputedFromNow()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "0 10 * * *" }).Within();

        var moved = await user.UpdateTaskAsync(task.Id, new UpdateTaskRequest { Schedule = "0 11 * * *" }).Within();

        Assert.Equal(task.NextRunAt!.Value.AddHours(1), moved.NextRunAt);
    }

    /// <summary>A user, their connected agent, an event task of it and a run of that task the agent has.</summary>
    private static async Task<(NodUserClient User, NodAgentClient Agent, AgentTask Task, string RunId)> RunningAsync(NodTestHost host)
    {
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        return (user, agent, task, await user.RunTaskNowAsync(task.Id).Within());
    }
}
