using FsCheck;
using FsCheck.Fluent;
using Nod.Model;

namespace Nod.Storage.Conformance;

/// <summary>What a generated step does. Targets are picked at run time among what exists then.</summary>
public enum ModelOpKind
{
    /// <summary>A new agent (sometimes re-using the id of a deleted one).</summary>
    CreateAgent,

    /// <summary>Replace an agent.</summary>
    UpdateAgent,

    /// <summary>A new conversation.</summary>
    AddConversation,

    /// <summary>One to three messages in a conversation, and the conversation's <c>LastMessageAt</c>.</summary>
    AddMessages,

    /// <summary>A new decision announced by its event, with an activity entry.</summary>
    CreateDecision,

    /// <summary>Resolve (or re-write) a decision with the right version.</summary>
    ResolveDecision,

    /// <summary>Resolve a decision with a wrong version: the set must be refused whole.</summary>
    ResolveStale,

    /// <summary>Create a decision that exists: the set must be refused whole.</summary>
    CreateDuplicate,

    /// <summary>A new rule.</summary>
    AddRule,

    /// <summary>Delete a rule.</summary>
    DeleteRule,

    /// <summary>An activity entry.</summary>
    AddActivity,

    /// <summary>An agent-audience event.</summary>
    AgentEvent,

    /// <summary>An app-audience event.</summary>
    AppEvent,

    /// <summary>Delete an agent (with the <c>agent_removed</c> event the engine appends).</summary>
    DeleteAgent,

    /// <summary>Several of the above, one change set each, in one <see cref="INodStore.CommitAsync"/>.</summary>
    Batch,
}

/// <summary>One generated step of the model-based test.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Pick">Chooses the target and variants (modulo what exists).</param>
/// <param name="Count">A small count (messages to add, variant).</param>
/// <param name="Steps">For <see cref="ModelOpKind.Batch"/>: the sets of the batch.</param>
public sealed record ModelOp(ModelOpKind Kind, int Pick, int Count, IReadOnlyList<ModelOp> Steps)
{
    /// <inheritdoc />
    public override string ToString() => Kind == ModelOpKind.Batch
        ? $"Batch[{string.Join(", ", Steps)}]"
        : $"{Kind}({Pick},{Count})";

    /// <summary>Random operation sequences of 1 to <paramref name="maxOperations"/> steps, shrinking by dropping steps.</summary>
    public static Arbitrary<ModelOp[]> Sequences(int maxOperations)
    {
        var single =
            from kind in Gen.Frequency(
                (6, Gen.Constant(ModelOpKind.CreateAgent)),
                (2, Gen.Constant(ModelOpKind.UpdateAgent)),
                (4, Gen.Constant(ModelOpKind.AddConversation)),
                (7, Gen.Constant(ModelOpKind.AddMessages)),
                (5, Gen.Constant(ModelOpKind.CreateDecision)),
                (4, Gen.Constant(ModelOpKind.ResolveDecision)),
                (2, Gen.Constant(ModelOpKind.ResolveStale)),
                (1, Gen.Constant(ModelOpKind.CreateDuplicate)),
                (3, Gen.Constant(ModelOpKind.AddRule)),
                (2, Gen.Constant(ModelOpKind.DeleteRule)),
                (3, Gen.Constant(ModelOpKind.AddActivity)),
                (3, Gen.Constant(ModelOpKind.AgentEvent)),
                (3, Gen.Constant(ModelOpKind.AppEvent)),
                (2, Gen.Constant(ModelOpKind.DeleteAgent)))
            from pick in Gen.Choose(0, 9_999)
            from count in Gen.Choose(1, 3)
            select new ModelOp(kind, pick, count, []);
        var batch =
            from size in Gen.Choose(2, 4)
            from steps in single.ArrayOf(size)
            select new ModelOp(ModelOpKind.Batch, 0, 0, steps);
        var op = Gen.Frequency((8, single), (2, batch));
        var sequence =
            from length in Gen.Choose(1, maxOperations)
            from ops in op.ArrayOf(length)
            select ops;
        return Arb.From(sequence, Shrink);
    }

    private static IEnumerable<ModelOp[]> Shrink(ModelOp[] ops)
    {
        if (ops.Length > 1)
        {
            yield return ops[..(ops.Length / 2)];
            yield return ops[(ops.Length / 2)..];
        }

        for (var i = ops.Length - 1; i >= 0 && ops.Length > 1; i--)
        {
            yield return [.. ops[..i], .. ops[(i + 1)..]];
        }

        for (var i = 0; i < ops.Length; i++)
        {
            if (ops[i].Kind != ModelOpKind.Batch)
            {
                continue;
            }

            var steps = ops[i].Steps;
            for (var j = 0; j < steps.Count; j++)
            {
                ModelOp smaller = steps.Count <= 2
                    ? steps[1 - j]
                    : ops[i] with { Steps = [.. steps.Take(j), .. steps.Skip(j + 1)] };
                var copy = ops.ToArray();
                copy[i] = smaller;
                yield return copy;
            }
        }
    }
}

/// <summary>
/// The reference the model-based test compares a store with: plain dictionaries and lists that apply a sealed
/// <see cref="ChangeSet"/> the way the contracts in <see cref="INodStore"/> and <see cref="ChangeSet"/> describe.
/// </summary>
public sealed class StoreModel
{
    private readonly List<string> _everAgents = [];
    private readonly List<string> _everConversations = [];
    private readonly List<string> _everMessages = [];
    private readonly List<string> _everDecisions = [];

    /// <summary>Agents by id.</summary>
    public Dictionary<string, AgentRecord> Agents { get; } = new(StringComparer.Ordinal);

    /// <summary>Conversations by id.</summary>
    public Dictionary<string, ConversationRecord> Conversations { get; } = new(StringComparer.Ordinal);

    /// <summary>Messages in <c>seq</c> order.</summary>
    public List<Message> Messages { get; } = [];

    /// <summary>Decisions by id.</summary>
    public Dictionary<string, Decision> Decisions { get; } = new(StringComparer.Ordinal);

    /// <summary>Rules by id.</summary>
    public Dictionary<string, Rule> Rules { get; } = new(StringComparer.Ordinal);

    /// <summary>Activity in <c>seq</c> order.</summary>
    public List<ActivityEntry> Activity { get; } = [];

    /// <summary>Events in <c>seq</c> order.</summary>
    public List<NodEvent> Events { get; } = [];

    /// <summary>The highest <c>seq</c> ever committed.</summary>
    public long Head { get; private set; }

    /// <summary>Every agent id ever written (deleted ones included), in first-write order.</summary>
    public IReadOnlyList<string> EverAgents => _everAgents;

    /// <summary>Every conversation id ever written.</summary>
    public IReadOnlyList<string> EverConversations => _everConversations;

    /// <summary>Every message id ever written.</summary>
    public IReadOnlyList<string> EverMessages => _everMessages;

    /// <summary>Every decision id ever written.</summary>
    public IReadOnlyList<string> EverDecisions => _everDecisions;

    /// <summary>A deep enough copy to plan a batch on.</summary>
    public StoreModel Clone()
    {
        var copy = new StoreModel { Head = Head };
        foreach (var (k, v) in Agents)
        {
            copy.Agents[k] = v;
        }

        foreach (var (k, v) in Conversations)
        {
            copy.Conversations[k] = v;
        }

        foreach (var (k, v) in Decisions)
        {
            copy.Decisions[k] = v;
        }

        foreach (var (k, v) in Rules)
        {
            copy.Rules[k] = v;
        }

        copy.Messages.AddRange(Messages);
        copy.Activity.AddRange(Activity);
        copy.Events.AddRange(Events);
        copy._everAgents.AddRange(_everAgents);
        copy._everConversations.AddRange(_everConversations);
        copy._everMessages.AddRange(_everMessages);
        copy._everDecisions.AddRange(_everDecisions);
        return copy;
    }

    /// <summary>Why the set would be refused by its version checks, or <see langword="null"/>.</summary>
    public string? Conflict(ChangeSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        foreach (var write in set.Decisions)
        {
            var stored = Decisions.TryGetValue(write.Decision.Id, out var existing) ? existing.Version : 0;
            if (stored != write.ExpectedVersion)
            {
                return $"{write.Decision.Id} is at {stored}, not {write.ExpectedVersion}";
            }
        }

        return null;
    }

    /// <summary>Applies a sealed, committed set: deletions first, then every write.</summary>
    public void Apply(ChangeSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        foreach (var agentId in set.DeletedAgents)
        {
            Agents.Remove(agentId);
            var conversations = Conversations.Values.Where(c => c.AgentId == agentId).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var id in conversations)
            {
                Conversations.Remove(id);
            }

            Messages.RemoveAll(m => m.AgentId == agentId || conversations.Contains(m.ConversationId));
            foreach (var id in Decisions.Values.Where(d => d.AgentId == agentId).Select(d => d.Id).ToList())
            {
                Decisions.Remove(id);
            }

            foreach (var id in Rules.Values.Where(r => r.AgentId == agentId).Select(r => r.Id).ToList())
            {
                Rules.Remove(id);
            }

            Activity.RemoveAll(a => a.AgentId == agentId);
            Events.RemoveAll(e => e.AgentId == agentId);
        }

        foreach (var agent in set.Agents)
        {
            Agents[agent.Id] = agent;
            Remember(_everAgents, agent.Id);
        }

        foreach (var conversation in set.Conversations)
        {
            Conversations[conversation.Id] = conversation;
            Remember(_everConversations, conversation.Id);
        }

        foreach (var message in set.Messages)
        {
            Messages.Add(message);
            Remember(_everMessages, message.Id);
        }

        foreach (var write in set.Decisions)
        {
            Decisions[write.Decision.Id] = write.Decision;
            Remember(_everDecisions, write.Decision.Id);
        }

        foreach (var ruleId in set.DeletedRules)
        {
            Rules.Remove(ruleId);
        }

        foreach (var rule in set.Rules)
        {
            Rules[rule.Id] = rule;
        }

        Activity.AddRange(set.Activity);
        Events.AddRange(set.Events);
        if (set.Events.Count > 0)
        {
            Head = Math.Max(Head, set.Events[^1].Seq);
        }
    }

    /// <summary>What <see cref="IMessageStore.GetPageAsync"/> must return.</summary>
    public IEnumerable<Message> MessagePage(string conversationId, long? before, int limit) =>
        Messages.Where(m => m.ConversationId == conversationId && (before is not { } b || m.Seq < b)).OrderByDescending(m => m.Seq).Take(limit);

    /// <summary>What <see cref="IDecisionStore.QueryAsync"/> must return.</summary>
    public IEnumerable<Decision> DecisionPage(DecisionStoreQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Decisions.Values
            .Where(d => query.AgentIds.Contains(d.AgentId))
            .Where(d => query.Status switch
            {
                DecisionFilter.Pending => d.IsPending,
                DecisionFilter.Resolved => !d.IsPending,
                _ => true,
            })
            .Where(d => query.ConversationId is null || d.ConversationId == query.ConversationId)
            .Where(d => query.BeforeSeq is not { } b || d.Seq < b)
            .OrderByDescending(d => d.Seq)
            .Take(query.Limit);
    }

    /// <summary>What <see cref="IDecisionStore.ListPendingAsync"/> must return.</summary>
    public IEnumerable<Decision> Pending() => Decisions.Values.Where(d => d.IsPending).OrderBy(d => d.Seq);

    /// <summary>What <see cref="IRuleStore.ListByAgentAsync"/> must return.</summary>
    public IEnumerable<Rule> RulesOf(string agentId) =>
        Rules.Values.Where(r => r.AgentId == agentId).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal);

    /// <summary>What <see cref="IActivityStore.QueryAsync"/> must return.</summary>
    public IEnumerable<ActivityEntry> ActivityPage(IReadOnlyCollection<string> agentIds, long? before, int limit) =>
        Activity.Where(a => agentIds.Contains(a.AgentId) && (before is not { } b || a.Seq < b)).OrderByDescending(a => a.Seq).Take(limit);

    /// <summary>What <see cref="IEventLog.ReadAsync"/> must return.</summary>
    public IEnumerable<NodEvent> EventPage(EventLogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Events.Where(e => e.Seq > query.AfterSeq && e.Audience == query.Audience && query.AgentIds.Contains(e.AgentId)).OrderBy(e => e.Seq).Take(query.Limit);
    }

    private static void Remember(List<string> ids, string id)
    {
        if (!ids.Contains(id, StringComparer.Ordinal))
        {
            ids.Add(id);
        }
    }
}
