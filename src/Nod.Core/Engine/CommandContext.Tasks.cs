using System.Text.Json;
using Nod.Internal;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine;

/// <summary>Tasks and runs (PROTOCOL §5): lookups with access checks, and the one way a run starts and is announced.</summary>
internal sealed partial class CommandContext
{
    /// <summary>Tasks belong to interactive agents: 403 for an approval-only agent.</summary>
    public static void RequireTasks(AgentRecord agent)
    {
        if (agent.Type == AgentType.ApprovalOnly)
        {
            throw NodException.Forbidden($"agent {agent.Id} is approval-only: it has no tasks");
        }
    }

    /// <summary>A task of the calling agent; 404 otherwise.</summary>
    public TaskRecord TaskOfAgent(string agentId, string taskId) =>
        State.Tasks.TryGetValue(taskId, out var task) && task.AgentId == agentId ? task : throw NodException.NotFound($"task {taskId} was not found");

    /// <summary>A task of an agent the user can see; 404 otherwise.</summary>
    public (TaskRecord Task, AgentRecord Agent) VisibleTask(string taskId, string userId)
    {
        if (State.Tasks.TryGetValue(taskId, out var task) && FindAgent(task.AgentId) is { } agent && agent.IsVisibleTo(userId))
        {
            return (task, agent);
        }

        throw NodException.NotFound($"task {taskId} was not found");
    }

    /// <summary>
    /// A run of the agent (running or ended; an end earlier in the same batch counts); 404 naming <paramref name="field"/>
    /// otherwise.
    /// </summary>
    public async ValueTask<TaskRun> RunOfAgentAsync(string agentId, string runId, string field = "run")
    {
        if (State.OpenRuns.TryGetValue(runId, out var open))
        {
            return open.AgentId == agentId ? open : throw NodException.NotFound($"{field} {runId} was not found");
        }

        if (State.UncommittedEndedRuns.TryGetValue(runId, out var ended))
        {
            return ended.AgentId == agentId ? ended : throw NodException.NotFound($"{field} {runId} was not found");
        }

        var stored = await Store.Runs.GetAsync(runId).ConfigureAwait(false);
        return stored is not null && stored.AgentId == agentId ? stored : throw NodException.NotFound($"{field} {runId} was not found");
    }

    /// <summary>
    /// Checks an agent event's <c>task_run_id</c> (404 if it is not one of the agent's runs); for a message, marks the
    /// run as having one, so its result needs no extra bubble.
    /// </summary>
    public async ValueTask CheckTaskRunAsync(string agentId, string? taskRunId, bool isMessage)
    {
        if (taskRunId is null)
        {
            return;
        }

        var run = await RunOfAgentAsync(agentId, taskRunId, "task_run_id").ConfigureAwait(false);
        if (isMessage && run.IsRunning && !run.HasMessage)
        {
            Changes.PutRun(run with { HasMessage = true });
        }
    }

    /// <summary>Whether the agent can be told right away: a connection is open or it has a webhook URL.</summary>
    public bool IsReachable(AgentRecord agent) => IsOnline(agent.Id) || agent.WebhookUrl is not null;

    /// <summary>
    /// Creates a running run of the task and announces it: <c>task_due</c> (or <c>task_trigger</c> with the payload) to
    /// the agent, always into its update log, and <c>task_run_updated</c> to people. An undelivered run waits in
    /// <c>tasks/due</c> / <c>triggers/pending</c> and its timeout starts only once the agent has it.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="delivered">Whether the agent can be told now.</param>
    /// <param name="triggerPayload">For a trigger run: the payload JSON.</param>
    /// <param name="announce">Whether to send the agent <c>task_due</c>; not for a run the agent started itself.</param>
    public TaskRun CreateRun(TaskRecord task, bool delivered, string? triggerPayload = null, bool announce = true)
    {
        var eventId = NodIds.Event();
        var run = new TaskRun
        {
            Id = NodIds.Run(),
            TaskId = task.Id,
            AgentId = task.AgentId,
            Status = TaskRunStatus.Running,
            StartedAt = Now,
            EventId = eventId,
            TriggerEventId = triggerPayload is null ? null : eventId,

            // Only a waiting run keeps its payload: once the agent has it, its task_trigger event holds it.
            TriggerPayload = delivered ? null : triggerPayload,
            Delivered = delivered,
            TimeoutAt = delivered ? Now + Options.TaskRunTimeout : null,
        };
        Changes.PutRun(run);
        if (announce)
        {
            Emit(Announcement(task, run, triggerPayload), task.AgentId);
        }

        Emit(new TaskRunUpdatedFrame { Run = run }, task.AgentId);
        return run;
    }

    /// <summary>The agent now has the run (it connected, or started it): it leaves the pending lists and its timeout starts.</summary>
    public TaskRun Deliver(TaskRun run, bool announceAgain)
    {
        var delivered = run with { Delivered = true, TriggerPayload = null, TimeoutAt = Now + Options.TaskRunTimeout };
        Changes.PutRun(delivered);
        if (announceAgain && State.Tasks.TryGetValue(run.TaskId, out var task))
        {
            // Same event id as the first announcement: clients dedupe on it.
            Emit(Announcement(task, run, run.TriggerPayload), run.AgentId);
        }

        return delivered;
    }

    /// <summary>Ends a run (completed, failed, timed out) and tells people.</summary>
    public TaskRun EndRun(TaskRun run, TaskRunStatus status, string? result, string? error)
    {
        var ended = run with { Status = status, Result = result, Error = error, CompletedAt = Now, Delivered = true, TriggerPayload = null, TimeoutAt = null };
        Changes.PutRun(ended);
        Emit(new TaskRunUpdatedFrame { Run = ended }, run.AgentId);
        var name = State.Tasks.TryGetValue(run.TaskId, out var task) ? task.Name : run.TaskId;
        var title = status switch
        {
            TaskRunStatus.Completed => $"Task completed: {name}",
            TaskRunStatus.Failed => $"Task failed: {name}",
            _ => $"Task timed out: {name}",
        };
        AddActivity(run.AgentId, ActivityType.System, title, error ?? result, run.Id);
        return ended;
    }

    /// <summary>The public view of a task (with its trigger URL).</summary>
    public AgentTask ViewOf(TaskRecord task) => TaskViews.From(task, Options);

    private static AgentFrame Announcement(TaskRecord task, TaskRun run, string? triggerPayload) => triggerPayload is { } payload
        ? new TaskTriggerFrame
        {
            EventId = run.EventId!,
            TaskId = task.Id,
            RunId = run.Id,
            TaskName = task.Name,
            TaskPrompt = task.Prompt,
            Payload = JsonDocument.Parse(payload).RootElement.Clone(),
            ReceivedAt = run.StartedAt,
        }
        : new TaskDueFrame
        {
            EventId = run.EventId!,
            TaskId = task.Id,
            RunId = run.Id,
            TaskName = task.Name,
            TaskPrompt = task.Prompt,
            Schedule = task.Schedule,
        };
}
