using System.Collections.Concurrent;
using Nod.Model;
using Nod.Storage;

namespace Nod.Engine;

/// <summary>
/// What the engine keeps in memory: agents, conversations, pending decisions and rules as the store has them, plus
/// the runtime state (indicators, open connections). The engine holds two copies: a working one that each command
/// updates as it is prepared, and a committed one updated only after the store committed — read by everyone else.
/// </summary>
/// <remarks>Only the engine loop writes; concurrent dictionaries let other threads read the committed copy safely.</remarks>
internal sealed class EngineState
{
    public ConcurrentDictionary<string, AgentRecord> Agents { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, ConversationRecord> Conversations { get; } = new(StringComparer.Ordinal);

    /// <summary>Conversation ids per agent, oldest first.</summary>
    public ConcurrentDictionary<string, string[]> ConversationsByAgent { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, Decision> Pending { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> PendingCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Rules per agent, oldest first.</summary>
    public ConcurrentDictionary<string, Rule[]> Rules { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<(string AgentId, string ConversationId), Indicator> Indicators { get; } = new();

    public ConcurrentDictionary<string, TaskRecord> Tasks { get; } = new(StringComparer.Ordinal);

    /// <summary>Event tasks by trigger token.</summary>
    public ConcurrentDictionary<string, string> TaskIdsByTrigger { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs still running (delivered or not).</summary>
    public ConcurrentDictionary<string, TaskRun> OpenRuns { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Idempotency records prepared but not yet committed (the store answers for committed ones): a repeat that
    /// arrives in the same batch must still find the first.
    /// </summary>
    public ConcurrentDictionary<(string AgentId, string Key), Model.IdempotencyRecord> UncommittedIdempotency { get; } = new();

    /// <summary>
    /// Runs ended but not yet committed (the store answers for committed ones): a later command of the same batch must
    /// see the run ended, not the running copy the store still holds.
    /// </summary>
    public ConcurrentDictionary<string, TaskRun> UncommittedEndedRuns { get; } = new(StringComparer.Ordinal);

    /// <summary>Webhook deliveries prepared but not yet committed (the store answers for committed ones).</summary>
    public ConcurrentDictionary<string, Model.WebhookDelivery> UncommittedDeliveries { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids of the open connections (agent WebSockets and in-process sessions) per agent; absent means none.</summary>
    public ConcurrentDictionary<string, string[]> Connections { get; } = new(StringComparer.Ordinal);

    public static async ValueTask<EngineState> LoadAsync(INodStore store, CancellationToken cancellationToken)
    {
        var state = new EngineState();
        foreach (var agent in await store.Agents.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            state.Agents[agent.Id] = agent;
        }

        foreach (var conversation in (await store.Conversations.ListAsync(cancellationToken).ConfigureAwait(false)).OrderBy(c => c.CreatedAt))
        {
            state.AddConversation(conversation);
        }

        foreach (var decision in await store.Decisions.ListPendingAsync(cancellationToken).ConfigureAwait(false))
        {
            state.PutDecision(decision);
        }

        foreach (var task in await store.Tasks.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            state.PutTask(task);
        }

        foreach (var run in await store.Runs.ListRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            state.OpenRuns[run.Id] = run;
        }

        foreach (var rule in (await store.Rules.ListAsync(cancellationToken).ConfigureAwait(false)).OrderBy(r => r.CreatedAt))
        {
            state.Rules.AddOrUpdate(rule.AgentId, _ => [rule], (_, rules) => [.. rules, rule]);
        }

        return state;
    }

    /// <summary>The id of the placeholder connection <see cref="RestoreLoggedOnState"/> gives an agent the log left online.</summary>
    private const string LoggedConnectionId = "logged-before-restart";

    /// <summary>
    /// At start-up after an unclean stop: the agents and bubbles the stored records say the log left on are put back into
    /// the runtime state (a placeholder connection, an indicator), so that the stop's command takes them off, logged.
    /// </summary>
    /// <param name="now">The time of the start-up.</param>
    /// <returns>How many agents and bubbles the log left on (none after a graceful stop).</returns>
    public (int Agents, int Bubbles) RestoreLoggedOnState(DateTimeOffset now)
    {
        var (agents, bubbles) = (0, 0);
        foreach (var agent in Agents.Values.Where(a => a.LoggedOnline))
        {
            Connections[agent.Id] = [LoggedConnectionId];
            agents++;
        }

        foreach (var conversation in Conversations.Values.Where(c => c.LoggedProcessing && Agents.ContainsKey(c.AgentId)))
        {
            Indicators[(conversation.AgentId, conversation.Id)] = new Indicator
            {
                AgentId = conversation.AgentId,
                ConversationId = conversation.Id,
                Since = now,
                ExpiresAt = now,
            };
            bubbles++;
        }

        return (agents, bubbles);
    }

    public bool IsOnline(string agentId) => Connections.TryGetValue(agentId, out var open) && open.Length > 0;

    public string[] ConnectionsOf(string agentId) => Connections.TryGetValue(agentId, out var open) ? open : [];

    public IReadOnlyList<Rule> RulesOf(string agentId) => Rules.TryGetValue(agentId, out var rules) ? rules : [];

    /// <summary>Applies a change set; returns what changed about who may see which agent, for the hub and the connections.</summary>
    public StateDelta Apply(ChangeSet changes)
    {
        StateDelta? delta = null;
        foreach (var agentId in changes.DeletedAgents)
        {
            if (Agents.TryRemove(agentId, out var removed))
            {
                (delta ??= new()).Deleted.Add(removed);
            }

            RemoveAgentData(agentId);
        }

        foreach (var taskId in changes.DeletedTasks)
        {
            RemoveTask(taskId);
        }

        foreach (var agent in changes.Agents)
        {
            Agents.TryGetValue(agent.Id, out var before);
            Agents[agent.Id] = agent;
            if (before is null)
            {
                // A new agent: its owner (and anyone it is created shared with) starts receiving its events now.
                delta ??= new();
                delta.Granted.Add((agent.OwnerId, agent.Id));
                delta.Granted.AddRange(agent.SharedWith.Select(user => (user, agent.Id)));
                continue;
            }

            foreach (var user in agent.SharedWith.Except(before.SharedWith, StringComparer.Ordinal))
            {
                (delta ??= new()).Granted.Add((user, agent.Id));
            }

            foreach (var user in before.SharedWith.Except(agent.SharedWith, StringComparer.Ordinal))
            {
                (delta ??= new()).Revoked.Add((user, agent.Id));
            }

            if (!string.Equals(before.SecretHash, agent.SecretHash, StringComparison.Ordinal))
            {
                (delta ??= new()).SecretRotated.Add(agent.Id);
            }
        }

        foreach (var conversation in changes.Conversations)
        {
            if (Conversations.ContainsKey(conversation.Id))
            {
                Conversations[conversation.Id] = conversation;
            }
            else
            {
                AddConversation(conversation);
            }
        }

        foreach (var write in changes.Decisions)
        {
            PutDecision(write.Decision);
        }

        foreach (var ruleId in changes.DeletedRules)
        {
            foreach (var (agentId, rules) in Rules)
            {
                if (rules.Any(r => r.Id == ruleId))
                {
                    Rules[agentId] = [.. rules.Where(r => r.Id != ruleId)];
                }
            }
        }

        foreach (var rule in changes.Rules)
        {
            Rules.AddOrUpdate(rule.AgentId, _ => [rule], (_, rules) => [.. rules.Where(r => r.Id != rule.Id), rule]);
        }

        foreach (var (agentId, conversationId, indicator) in changes.IndicatorChanges)
        {
            if (indicator is null)
            {
                Indicators.TryRemove((agentId, conversationId), out _);
            }
            else
            {
                Indicators[(agentId, conversationId)] = indicator;
            }
        }

        foreach (var task in changes.Tasks)
        {
            PutTask(task);
        }

        foreach (var run in changes.Runs)
        {
            if (run.IsRunning)
            {
                OpenRuns[run.Id] = run;
            }
            else
            {
                OpenRuns.TryRemove(run.Id, out _);
                UncommittedEndedRuns[run.Id] = run;
            }
        }

        foreach (var delivery in changes.Deliveries)
        {
            UncommittedDeliveries[delivery.EventId] = delivery;
        }

        foreach (var record in changes.IdempotencyRecords)
        {
            UncommittedIdempotency[(record.AgentId, record.Key)] = record;
        }

        foreach (var (agentId, connections) in changes.ConnectionChanges)
        {
            if (connections.Length == 0)
            {
                Connections.TryRemove(agentId, out _);
            }
            else
            {
                Connections[agentId] = connections;
            }
        }

        return delta ?? StateDelta.None;
    }

    /// <summary>
    /// After commit: pending decisions this state took from the change set before it was sealed get the <c>seq</c> the
    /// store gave them (unless a later command of the batch already replaced them).
    /// </summary>
    public void TakeSealedSeqs(ChangeSet changes)
    {
        foreach (var write in changes.Decisions)
        {
            var sealedDecision = write.Decision;
            if (sealedDecision.IsPending && Pending.TryGetValue(sealedDecision.Id, out var held) && held.Seq == 0 && held.Version == sealedDecision.Version)
            {
                Pending[sealedDecision.Id] = sealedDecision;
            }
        }
    }

    /// <summary>
    /// At start-up: a scheduled task whose stored next run lies after an earlier occurrence of its schedule (stored by a
    /// version with other schedule rules) waits for that earlier one. A next run already past is left alone: it is a
    /// run missed while the host was down, due now.
    /// </summary>
    public void BringSchedulesForward(DateTimeOffset now)
    {
        foreach (var task in Tasks.Values)
        {
            if (task is { TriggerType: TaskTriggerType.Scheduled, NextRunAt: { } stored } && stored > now &&
                TaskSchedules.Next(task, now) is { } next && next < stored)
            {
                Tasks[task.Id] = task with { NextRunAt = next };
            }
        }
    }

    /// <summary>A copy, used to reset the working state to the committed one after a failed commit.</summary>
    public EngineState Clone()
    {
        var copy = new EngineState();
        CopyInto(Agents, copy.Agents);
        CopyInto(Conversations, copy.Conversations);
        CopyInto(ConversationsByAgent, copy.ConversationsByAgent);
        CopyInto(Pending, copy.Pending);
        CopyInto(PendingCounts, copy.PendingCounts);
        CopyInto(Rules, copy.Rules);
        CopyInto(Indicators, copy.Indicators);
        CopyInto(Connections, copy.Connections);
        CopyInto(Tasks, copy.Tasks);
        CopyInto(TaskIdsByTrigger, copy.TaskIdsByTrigger);
        CopyInto(OpenRuns, copy.OpenRuns);
        return copy;
    }

    private static void CopyInto<TKey, TValue>(ConcurrentDictionary<TKey, TValue> from, ConcurrentDictionary<TKey, TValue> to)
        where TKey : notnull
    {
        foreach (var (key, value) in from)
        {
            to[key] = value;
        }
    }

    private void PutTask(TaskRecord task)
    {
        if (Tasks.TryGetValue(task.Id, out var before) && before.TriggerId is { } oldTrigger && oldTrigger != task.TriggerId)
        {
            TaskIdsByTrigger.TryRemove(oldTrigger, out _);
        }

        Tasks[task.Id] = task;
        if (task.TriggerId is { } trigger)
        {
            TaskIdsByTrigger[trigger] = task.Id;
        }
    }

    private void RemoveTask(string taskId)
    {
        if (Tasks.TryRemove(taskId, out var task) && task.TriggerId is { } trigger)
        {
            TaskIdsByTrigger.TryRemove(trigger, out _);
        }

        foreach (var run in OpenRuns.Values.Where(r => r.TaskId == taskId).ToList())
        {
            OpenRuns.TryRemove(run.Id, out _);
        }
    }

    private void AddConversation(ConversationRecord conversation)
    {
        Conversations[conversation.Id] = conversation;
        ConversationsByAgent.AddOrUpdate(conversation.AgentId, _ => [conversation.Id], (_, ids) => [.. ids, conversation.Id]);
    }

    private void PutDecision(Decision decision)
    {
        if (decision.IsPending)
        {
            if (Pending.TryAdd(decision.Id, decision))
            {
                PendingCounts.AddOrUpdate(decision.AgentId, 1, static (_, n) => n + 1);
            }
            else
            {
                Pending[decision.Id] = decision;
            }
        }
        else if (Pending.TryRemove(decision.Id, out _))
        {
            PendingCounts.AddOrUpdate(decision.AgentId, 0, static (_, n) => Math.Max(0, n - 1));
        }
    }

    private void RemoveAgentData(string agentId)
    {
        if (ConversationsByAgent.TryRemove(agentId, out var conversationIds))
        {
            foreach (var id in conversationIds)
            {
                Conversations.TryRemove(id, out _);
            }
        }

        foreach (var decision in Pending.Values.Where(d => d.AgentId == agentId).ToList())
        {
            Pending.TryRemove(decision.Id, out _);
        }

        PendingCounts.TryRemove(agentId, out _);
        foreach (var task in Tasks.Values.Where(t => t.AgentId == agentId).ToList())
        {
            RemoveTask(task.Id);
        }

        Rules.TryRemove(agentId, out _);
        Connections.TryRemove(agentId, out _);
        foreach (var key in Indicators.Keys.Where(k => k.AgentId == agentId).ToList())
        {
            Indicators.TryRemove(key, out _);
        }
    }
}

/// <summary>What a committed change set changed about access: for the hub (who sees what) and open connections.</summary>
internal sealed class StateDelta
{
    public static StateDelta None { get; } = new();

    public List<(string UserId, string AgentId)> Granted { get; } = [];

    public List<(string UserId, string AgentId)> Revoked { get; } = [];

    public List<string> SecretRotated { get; } = [];

    public List<AgentRecord> Deleted { get; } = [];
}
