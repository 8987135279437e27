using Nod.Model;

namespace Nod.Storage.InMemory;

/// <summary>
/// The default store: everything in process memory, gone when the process ends. Fast and simple; use a durable store
/// (<c>UseLiteDb</c>) to keep state across restarts.
/// </summary>
/// <remarks>One lock guards all of it: commits are short, reads copy out what they return.</remarks>
public sealed class InMemoryNodStore : INodStore, IAgentStore, IConversationStore, IMessageStore, IDecisionStore, IRuleStore, IActivityStore, IEventLog, IIdempotencyStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AgentRecord> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConversationRecord> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Message> _messagesById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Message>> _messagesByConversation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Decision> _decisionsById = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(long Seq, string Id), Decision> _decisionsBySeq = new(
        Comparer<(long Seq, string Id)>.Create(static (a, b) => a.Seq != b.Seq ? a.Seq.CompareTo(b.Seq) : string.CompareOrdinal(a.Id, b.Id)));
    private readonly Dictionary<string, Rule> _rules = new(StringComparer.Ordinal);
    private readonly List<ActivityEntry> _activity = [];
    private readonly List<NodEvent> _events = [];
    private readonly Dictionary<(string AgentId, string Key), IdempotencyRecord> _idempotency = [];
    private long _head;

    /// <inheritdoc />
    public IAgentStore Agents => this;

    /// <inheritdoc />
    public IConversationStore Conversations => this;

    /// <inheritdoc />
    public IMessageStore Messages => this;

    /// <inheritdoc />
    public IDecisionStore Decisions => this;

    /// <inheritdoc />
    public IRuleStore Rules => this;

    /// <inheritdoc />
    public IActivityStore Activity => this;

    /// <inheritdoc />
    public IEventLog Events => this;

    /// <inheritdoc />
    public IIdempotencyStore Idempotency => this;

    /// <inheritdoc />
    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changeSets);
        cancellationToken.ThrowIfCancellationRequested();
        var outcomes = new CommitOutcome[changeSets.Count];
        lock (_gate)
        {
            for (var i = 0; i < changeSets.Count; i++)
            {
                outcomes[i] = CommitOne(changeSets[i]);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<CommitOutcome>>(outcomes);
    }

    private CommitOutcome CommitOne(ChangeSet set)
    {
        foreach (var write in set.Decisions)
        {
            var stored = _decisionsById.TryGetValue(write.Decision.Id, out var existing) ? existing.Version : 0;
            if (stored != write.ExpectedVersion)
            {
                return CommitOutcome.Conflict($"decision {write.Decision.Id} is at version {stored}, not {write.ExpectedVersion}");
            }
        }

        IReadOnlyList<NodEvent> events;
        try
        {
            events = set.Seal(_head + 1);
        }
#pragma warning disable CA1031 // A set that cannot be sealed fails alone; nothing of it has been written yet.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return CommitOutcome.Failed(ex);
        }

        foreach (var agentId in set.DeletedAgents)
        {
            DeleteAgentData(agentId);
        }

        foreach (var agent in set.Agents)
        {
            _agents[agent.Id] = agent;
        }

        foreach (var conversation in set.Conversations)
        {
            _conversations[conversation.Id] = conversation;
        }

        foreach (var message in set.Messages)
        {
            _messagesById[message.Id] = message;
            if (!_messagesByConversation.TryGetValue(message.ConversationId, out var list))
            {
                _messagesByConversation[message.ConversationId] = list = [];
            }

            list.Add(message);
        }

        foreach (var write in set.Decisions)
        {
            var decision = write.Decision;
            if (_decisionsById.TryGetValue(decision.Id, out var old))
            {
                _decisionsBySeq.Remove((old.Seq, old.Id));

                // An update that does not know the seq (0) keeps the stored one: a decision stays where its creation put it.
                if (decision.Seq == 0)
                {
                    decision = decision with { Seq = old.Seq };
                }
            }

            _decisionsById[decision.Id] = decision;
            _decisionsBySeq[(decision.Seq, decision.Id)] = decision;
        }

        foreach (var ruleId in set.DeletedRules)
        {
            _rules.Remove(ruleId);
        }

        foreach (var rule in set.Rules)
        {
            _rules[rule.Id] = rule;
        }

        if (set.PurgeIdempotencyBefore is { } cutOff)
        {
            foreach (var key in _idempotency.Where(p => p.Value.ExpiresAt < cutOff).Select(p => p.Key).ToList())
            {
                _idempotency.Remove(key);
            }
        }

        foreach (var record in set.IdempotencyRecords)
        {
            _idempotency[(record.AgentId, record.Key)] = record;
        }

        _activity.AddRange(set.Activity);
        _events.AddRange(events);
        _head += events.Count;
        return CommitOutcome.Committed;
    }

    private void DeleteAgentData(string agentId)
    {
        _agents.Remove(agentId);
        foreach (var conversation in _conversations.Values.Where(c => c.AgentId == agentId).ToList())
        {
            _conversations.Remove(conversation.Id);
            if (_messagesByConversation.Remove(conversation.Id, out var messages))
            {
                foreach (var message in messages)
                {
                    _messagesById.Remove(message.Id);
                }
            }
        }

        foreach (var decision in _decisionsById.Values.Where(d => d.AgentId == agentId).ToList())
        {
            _decisionsById.Remove(decision.Id);
            _decisionsBySeq.Remove((decision.Seq, decision.Id));
        }

        foreach (var rule in _rules.Values.Where(r => r.AgentId == agentId).ToList())
        {
            _rules.Remove(rule.Id);
        }

        _activity.RemoveAll(a => a.AgentId == agentId);
        foreach (var key in _idempotency.Keys.Where(k => k.AgentId == agentId).ToList())
        {
            _idempotency.Remove(key);
        }

        _events.RemoveAll(e => e.AgentId == agentId);
    }

    ValueTask<AgentRecord?> IAgentStore.GetAsync(string agentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_agents.GetValueOrDefault(agentId));
        }
    }

    ValueTask<IReadOnlyList<AgentRecord>> IAgentStore.ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<AgentRecord>>([.. _agents.Values]);
        }
    }

    ValueTask<ConversationRecord?> IConversationStore.GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_conversations.GetValueOrDefault(conversationId));
        }
    }

    ValueTask<IReadOnlyList<ConversationRecord>> IConversationStore.ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<ConversationRecord>>([.. _conversations.Values]);
        }
    }

    ValueTask<Message?> IMessageStore.GetAsync(string messageId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_messagesById.GetValueOrDefault(messageId));
        }
    }

    ValueTask<IReadOnlyList<Message>> IMessageStore.GetPageAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            if (!_messagesByConversation.TryGetValue(conversationId, out var list))
            {
                return ValueTask.FromResult<IReadOnlyList<Message>>([]);
            }

            // The list is in seq order: binary-search the end of the page, then walk back.
            var end = beforeSeq is { } before ? LowerBound(list, before, static m => m.Seq) : list.Count;
            var count = Math.Min(limit, end);
            var page = new Message[count];
            for (var i = 0; i < count; i++)
            {
                page[i] = list[end - 1 - i];
            }

            return ValueTask.FromResult<IReadOnlyList<Message>>(page);
        }
    }

    ValueTask<Decision?> IDecisionStore.GetAsync(string decisionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_decisionsById.GetValueOrDefault(decisionId));
        }
    }

    ValueTask<IReadOnlyList<Decision>> IDecisionStore.ListPendingAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<Decision>>([.. _decisionsBySeq.Values.Where(d => d.IsPending)]);
        }
    }

    ValueTask<IReadOnlyList<Decision>> IDecisionStore.QueryAsync(DecisionStoreQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var agents = AsSet(query.AgentIds);
        lock (_gate)
        {
            var result = _decisionsBySeq.Values
                .Reverse()
                .Where(d => query.BeforeSeq is not { } before || d.Seq < before)
                .Where(d => agents.Contains(d.AgentId))
                .Where(d => query.ConversationId is null || d.ConversationId == query.ConversationId)
                .Where(d => query.Status switch
                {
                    DecisionFilter.Pending => d.IsPending,
                    DecisionFilter.Resolved => !d.IsPending,
                    _ => true,
                })
                .Take(query.Limit)
                .ToArray();
            return ValueTask.FromResult<IReadOnlyList<Decision>>(result);
        }
    }

    ValueTask<IReadOnlyList<Rule>> IRuleStore.ListByAgentAsync(string agentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<Rule>>(
                [.. _rules.Values.Where(r => r.AgentId == agentId).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)]);
        }
    }

    ValueTask<IReadOnlyList<Rule>> IRuleStore.ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<Rule>>([.. _rules.Values]);
        }
    }

    ValueTask<IReadOnlyList<ActivityEntry>> IActivityStore.QueryAsync(IReadOnlyCollection<string> agentIds, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var agents = AsSet(agentIds);
        lock (_gate)
        {
            var end = beforeSeq is { } before ? LowerBound(_activity, before, static a => a.Seq) : _activity.Count;
            var page = new List<ActivityEntry>(Math.Min(limit, 64));
            for (var i = end - 1; i >= 0 && page.Count < limit; i--)
            {
                if (agents.Contains(_activity[i].AgentId))
                {
                    page.Add(_activity[i]);
                }
            }

            return ValueTask.FromResult<IReadOnlyList<ActivityEntry>>(page);
        }
    }

    ValueTask<long> IEventLog.GetHeadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_head);
        }
    }

    ValueTask<IReadOnlyList<NodEvent>> IEventLog.ReadAsync(EventLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var agents = AsSet(query.AgentIds);
        lock (_gate)
        {
            var page = new List<NodEvent>(Math.Min(query.Limit, 64));
            var start = query.AfterSeq == long.MaxValue ? _events.Count : LowerBound(_events, query.AfterSeq + 1, static e => e.Seq);
            for (var i = start; i < _events.Count && page.Count < query.Limit; i++)
            {
                var e = _events[i];
                if (e.Audience == query.Audience && agents.Contains(e.AgentId))
                {
                    page.Add(e);
                }
            }

            return ValueTask.FromResult<IReadOnlyList<NodEvent>>(page);
        }
    }

    ValueTask<IdempotencyRecord?> IIdempotencyStore.GetAsync(string agentId, string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_idempotency.GetValueOrDefault((agentId, key)));
        }
    }

    /// <summary>The index of the first item whose key is at least <paramref name="key"/> (lists are in ascending key order).</summary>
    private static int LowerBound<T>(List<T> list, long key, Func<T, long> keyOf)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keyOf(list[mid]) < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static IReadOnlySet<string> AsSet(IReadOnlyCollection<string> ids) =>
        ids as IReadOnlySet<string> ?? new HashSet<string>(ids, StringComparer.Ordinal);
}
