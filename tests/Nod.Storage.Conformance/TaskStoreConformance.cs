using Nod.Model;

namespace Nod.Storage.Conformance;

/// <summary>The contract of <see cref="ITaskStore"/> and <see cref="IRunStore"/>, and of task writes and deletions.</summary>
public abstract class TaskStoreConformance : StoreConformanceBase
{
    [Fact]
    public async Task Reads_EmptyStore_ReturnNothing()
    {
        Assert.Empty(await Store.Tasks.ListAsync().WithTimeout());
        Assert.Null(await Store.Tasks.GetAsync("tsk_ffffffffffffffff").WithTimeout());
        Assert.Null(await Store.Runs.GetAsync("run_ffffffffffffffff").WithTimeout());
        Assert.Empty(await Store.Runs.ListRunningAsync().WithTimeout());
        Assert.Empty(await Store.Runs.ListByTaskAsync("tsk_ffffffffffffffff", All).WithTimeout());
    }

    [Fact]
    public async Task PutTask_EveryFieldSet_RoundTrips()
    {
        var agent = Data.Agent();
        var task = FullTask(agent.Id);
        StoreAssert.EveryPropertySet(task);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutTask(task);
        });

        StoreAssert.Same(task, await Store.Tasks.GetAsync(task.Id).WithTimeout());
        StoreAssert.Same(new[] { task }, await Store.Tasks.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task PutTask_OptionalFieldsNull_StayNull()
    {
        var agent = Data.Agent();
        var task = FullTask(agent.Id) with { Timezone = null, RunAt = null, NextRunAt = null, TriggerId = null, Enabled = false };
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutTask(task);
        });

        StoreAssert.Same(task, await Store.Tasks.GetAsync(task.Id).WithTimeout());
    }

    [Fact]
    public async Task PutTask_Again_Replaces()
    {
        var agent = Data.Agent();
        var task = FullTask(agent.Id);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutTask(task);
        });
        var changed = task with { Name = "renamed", Enabled = false, NextRunAt = null };

        await CommitOkAsync(s => s.PutTask(changed));

        StoreAssert.Same(changed, await Store.Tasks.GetAsync(task.Id).WithTimeout());
        Assert.Single(await Store.Tasks.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task PutRun_EveryFieldSet_RoundTrips()
    {
        var agent = Data.Agent();
        var task = FullTask(agent.Id);
        var run = FullRun(task) with { Status = TaskRunStatus.Failed, CompletedAt = Data.Now() };
        StoreAssert.EveryPropertySet(run);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutTask(task);
            s.PutRun(run);
        });

        StoreAssert.Same(run, await Store.Runs.GetAsync(run.Id).WithTimeout());
    }

    [Fact]
    public async Task PutRun_MinimalRun_NullsStayNull()
    {
        var agent = Data.Agent();
        var task = FullTask(agent.Id);
        var run = new TaskRun { Id = Data.NewId("run"), TaskId = task.Id, AgentId = agent.Id, StartedAt = Data.Now() };
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutTask(task);
            s.PutRun(run);
        });

        StoreAssert.Same(run, await Store.Runs.GetAsync(run.Id).WithTimeout());
    }

    [Fact]
    public async Task ListByTaskAsync_NewestFirstOnlyThatTaskUpToLimit()
    {
        var agent = Data.Agent();
        var task = FullTask(agent.Id);
        var other = FullTask(agent.Id);
        var runs = Enumerable.Range(0, 5).Select(_ => FullRun(task)).ToList();
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutTask(task);
            s.PutTask(other);
            foreach (var run in runs.AsEnumerable().Reverse())
            {
                s.PutRun(run);
            }

            s.PutRun(FullRun(other));
        });

        var listed = await Store.Runs.ListByTaskAsync(task.Id, All).WithTimeout();
        Assert.Equal(runs.Select(r => r.Id).Reverse(), listed.Select(r => r.Id));
        Assert.Equal(runs.Select(r => r.Id).Reverse().Take(2), (await Store.Runs.ListByTaskAsync(task.Id, 2).WithTimeout()).Select(r => r.Id));
    }

    [Fact]
    public async Task ListRunningAsync_OnlyRunningOldestFirst()
    {
        var agent = Data.Agent();
        var task = FullTask(agent.Id);
        var first = FullRun(task);
        var ended = FullRun(task) with { Status = TaskRunStatus.Completed, CompletedAt = Data.Now() };
        var second = FullRun(task);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutTask(task);
            s.PutRun(second);
            s.PutRun(ended);
            s.PutRun(first);
        });

        Assert.Equal([first.Id, second.Id], (await Store.Runs.ListRunningAsync().WithTimeout()).Select(r => r.Id));

        await CommitOkAsync(s => s.PutRun(first with { Status = TaskRunStatus.TimedOut, CompletedAt = Data.Now() }));
        Assert.Equal([second.Id], (await Store.Runs.ListRunningAsync().WithTimeout()).Select(r => r.Id));
    }

    [Fact]
    public async Task DeleteTask_RemovesItAndItsRunsOnly()
    {
        var agent = Data.Agent();
        var task = FullTask(agent.Id);
        var kept = FullTask(agent.Id);
        var run = FullRun(task);
        var keptRun = FullRun(kept);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutTask(task);
            s.PutTask(kept);
            s.PutRun(run);
            s.PutRun(keptRun);
        });

        await CommitOkAsync(s => s.DeleteTask(task.Id));

        Assert.Null(await Store.Tasks.GetAsync(task.Id).WithTimeout());
        Assert.Null(await Store.Runs.GetAsync(run.Id).WithTimeout());
        Assert.NotNull(await Store.Tasks.GetAsync(kept.Id).WithTimeout());
        Assert.NotNull(await Store.Runs.GetAsync(keptRun.Id).WithTimeout());
    }

    [Fact]
    public async Task DeleteAgent_RemovesItsTasksAndRuns()
    {
        var agent = Data.Agent();
        var other = Data.Agent();
        var task = FullTask(agent.Id);
        var otherTask = FullTask(other.Id);
        var run = FullRun(task);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutAgent(other);
            s.PutTask(task);
            s.PutTask(otherTask);
            s.PutRun(run);
            s.PutRun(FullRun(otherTask));
        });

        await CommitOkAsync(s => s.DeleteAgent(agent.Id));

        Assert.Null(await Store.Tasks.GetAsync(task.Id).WithTimeout());
        Assert.Null(await Store.Runs.GetAsync(run.Id).WithTimeout());
        Assert.Equal([otherTask.Id], (await Store.Tasks.ListAsync().WithTimeout()).Select(t => t.Id));
        Assert.Single(await Store.Runs.ListRunningAsync().WithTimeout());
    }

    [Fact]
    public async Task DeleteTask_ThenPutRunOfItInTheSameSet_RunIsKept()
    {
        // Deletions are applied before the other writes of the set.
        var agent = Data.Agent();
        var task = FullTask(agent.Id);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutTask(task);
        });
        var run = FullRun(task);

        await CommitOkAsync(s =>
        {
            s.DeleteTask(task.Id);
            s.PutTask(task);
            s.PutRun(run);
        });

        Assert.NotNull(await Store.Tasks.GetAsync(task.Id).WithTimeout());
        Assert.NotNull(await Store.Runs.GetAsync(run.Id).WithTimeout());
    }

    /// <summary>A task with every property set.</summary>
    protected TaskRecord FullTask(string agentId) => new()
    {
        Id = Data.NewId("tsk"),
        AgentId = agentId,
        Name = "Daily digest \u00e9",
        Prompt = "Summarize **yesterday**.\nSecond line.",
        Schedule = "0 9 * * 1-5",
        TriggerType = TaskTriggerType.Event,
        Enabled = true,
        Timezone = "Europe/Berlin",
        RunAt = Data.Now(),
        NextRunAt = Data.Now(),
        TriggerId = "trg_" + new string('a', 32),
        CreatedBy = TaskCreator.Agent,
        CreatedAt = Data.Now(),
    };

    /// <summary>A running run with every property set but the ending ones.</summary>
    protected TaskRun FullRun(TaskRecord task) => new()
    {
        Id = Data.NewId("run"),
        TaskId = task.Id,
        AgentId = task.AgentId,
        Status = TaskRunStatus.Running,
        Result = "42 items",
        Error = "partial: 1 source down",
        TriggerEventId = Data.NewId("evt"),
        StartedAt = Data.Now(),
        EventId = Data.NewId("evt"),
        Delivered = true,
        TimeoutAt = Data.Now(),
        HasMessage = true,
        TriggerPayload = "{\"order\":42,\"items\":[1,2]}",
    };
}
