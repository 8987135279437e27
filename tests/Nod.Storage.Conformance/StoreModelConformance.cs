using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>
/// Model-based test: FsCheck generates random operation sequences (agents, conversations, messages, decisions with
/// right and stale versions, rules, activity, events, agent deletions, batches of several sets); each runs against a
/// fresh store and against <see cref="StoreModel"/>, and after every step the store must answer every read exactly as
/// the model does.
/// </summary>
/// <remarks>
/// A <c>[Fact]</c> drives FsCheck through <see cref="Check.One{T}(Config, T)"/> rather than a <c>[Property]</c> so that
/// each store can set its own number of runs (a store on a file is slower) and the seed is fixed: the run is the same
/// every time, and a failure prints the shrunk sequence to reproduce.
/// </remarks>
public abstract class StoreModelConformance : StoreConformanceBase
{
    private const long PlanningSeqBase = 1_000_000_000;

    /// <summary>How many random sequences to run.</summary>
    protected virtual int ModelRuns => 200;

    /// <summary>The longest sequence (a batch counts as one step).</summary>
    protected virtual int MaxOperations => 20;

    /// <summary>The FsCheck seed; <see langword="null"/> for a new random seed every run.</summary>
    protected virtual ulong? ModelSeed => 20260105;

    /// <summary>How long the whole property may take.</summary>
    protected virtual TimeSpan ModelTimeout => TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RandomOperationSequences_StoreAndModel_AnswerEveryReadAlike()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(ModelRuns).WithQuietOnSuccess(true);
        if (ModelSeed is { } seed)
        {
            config = config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
        }

        var property = Prop.ForAll(ModelOp.Sequences(MaxOperations), RunSequenceAsync);

        // FsCheck waits for each async case synchronously: keep that off the xunit context.
        await Task.Run(() => Check.One(config, property)).WithTimeout(ModelTimeout);
    }

    private async Task RunSequenceAsync(ModelOp[] ops)
    {
        var store = await CreateStoreAsync().WithTimeout();
        try
        {
            var data = new StoreTestData();
            var model = new StoreModel();
            for (var step = 0; step < ops.Length; step++)
            {
                await StepAsync(store, model, data, ops[step], $"step {step} {ops[step]}");
                await CompareAsync(store, model, ops[step].Pick, full: false, $"after step {step} {ops[step]}");
            }

            await CompareAsync(store, model, 0, full: true, "at the end");
        }
        finally
        {
            await store.DisposeAsync().WithTimeout();
        }
    }

    private static async Task StepAsync(INodStore store, StoreModel model, StoreTestData data, ModelOp op, string label)
    {
        var plan = model.Clone();
        var sets = new List<ChangeSet>();
        var expected = new List<CommitStatus>();
        foreach (var step in op.Kind == ModelOpKind.Batch ? op.Steps : [op])
        {
            var set = Build(plan, data, step);

            // Seal far above any real seq so the planning copy can see the set's messages and activity; the store
            // seals again with real seqs, and a store that forgot to would leave these numbers behind.
            set.Seal(PlanningSeqBase + plan.Head + 1);
            var conflict = plan.Conflict(set);
            expected.Add(conflict is null ? CommitStatus.Committed : CommitStatus.Conflict);
            if (conflict is null)
            {
                plan.Apply(set);
            }

            sets.Add(set);
        }

        var outcomes = await store.CommitAsync(sets).WithTimeout();
        Expect(label + ": outcomes", expected, outcomes.Select(o => o.Status).ToList());
        for (var i = 0; i < sets.Count; i++)
        {
            if (expected[i] != CommitStatus.Committed)
            {
                continue;
            }

            var seqs = sets[i].Events.Select(e => e.Seq).ToList();
            if (seqs.Count > 0 && (seqs[0] <= model.Head || seqs[^1] >= PlanningSeqBase))
            {
                throw new InvalidOperationException($"{label}: set {i} got seq {seqs[0]}..{seqs[^1]} with the head at {model.Head}");
            }

            StoreAssert.StrictlyIncreasing(seqs);
            model.Apply(sets[i]);
        }
    }

    private static ChangeSet Build(StoreModel plan, StoreTestData data, ModelOp op)
    {
        var set = new ChangeSet();
        var agents = plan.Agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        var agent = agents.Count == 0 ? null : agents[op.Pick % agents.Count];
        var decisions = plan.Decisions.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var decision = decisions.Count == 0 ? null : decisions[op.Pick % decisions.Count];
        var now = data.Now();
        switch (op.Kind)
        {
            case ModelOpKind.CreateAgent:
                var deleted = plan.EverAgents.Where(id => !plan.Agents.ContainsKey(id)).ToList();
                var id = op.Count == 3 && deleted.Count > 0 ? deleted[op.Pick % deleted.Count] : data.NewId("agt");
                set.PutAgent(op.Pick % 2 == 0 ? data.Agent(id) : data.MinimalAgent(id));
                set.AppendStatus(id, true, now);
                break;
            case ModelOpKind.UpdateAgent when agent is not null:
                set.PutAgent(agent with { Name = $"renamed {op.Pick}", LastSeenAt = now, Description = op.Count == 1 ? null : "described" });
                break;
            case ModelOpKind.AddConversation when agent is not null:
                set.PutConversation(op.Count == 1 ? data.MinimalConversation(agent.Id) : data.Conversation(agent.Id));
                break;
            case ModelOpKind.AddMessages when plan.Conversations.Count > 0:
                var conversations = plan.Conversations.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
                var conversation = conversations[op.Pick % conversations.Count];
                for (var i = 0; i < op.Count; i++)
                {
                    set.AddMessage((op.Pick + i) % 3 == 0 ? data.Message(conversation) : data.MinimalMessage(conversation, $"m{op.Pick}.{i}"));
                }

                set.PutConversation(conversation with { LastMessageAt = data.Now() });
                break;
            case ModelOpKind.CreateDecision when agent is not null:
                var ownConversations = plan.Conversations.Values.Where(c => c.AgentId == agent.Id).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
                var conversationId = ownConversations.Count == 0 || op.Count == 1 ? null : ownConversations[op.Pick % ownConversations.Count].Id;
                var created = op.Pick % 2 == 0 ? data.Decision(agent.Id, conversationId) : data.MinimalDecision(agent.Id, conversationId);
                set.CreateDecision(created);
                set.AddActivity(data.MinimalActivity(agent.Id) with { Type = ActivityType.DecisionCreated, DecisionId = created.Id });
                break;
            case ModelOpKind.ResolveDecision when decision is not null:
                Resolve(set, data, decision, decision.Version, op);
                break;
            case ModelOpKind.ResolveStale when decision is not null:
                set.AddMessage(data.MinimalMessage(plan.Conversations.Values.FirstOrDefault() ?? data.MinimalConversation(decision.AgentId), "doomed"));
                Resolve(set, data, decision, op.Pick % 2 == 0 ? decision.Version + 1 : decision.Version - 1, op);
                break;
            case ModelOpKind.CreateDuplicate when decision is not null:
                set.AddActivity(data.MinimalActivity(decision.AgentId));
                set.CreateDecision(decision with { Title = "duplicate", Seq = 0, Version = 0 });
                break;
            case ModelOpKind.AddRule when agent is not null:
                set.PutRule(data.Rule(agent.Id, op.Count == 1 ? RuleEffect.Allow : RuleEffect.Deny));
                break;
            case ModelOpKind.DeleteRule when plan.Rules.Count > 0:
                var rules = plan.Rules.Keys.Order(StringComparer.Ordinal).ToList();
                set.DeleteRule(rules[op.Pick % rules.Count]);
                break;
            case ModelOpKind.AddActivity when agent is not null:
                set.AddActivity(op.Count == 1 ? data.MinimalActivity(agent.Id) : data.Activity(agent.Id));
                break;
            case ModelOpKind.AgentEvent when agent is not null:
                var target = plan.Conversations.Values.FirstOrDefault(c => c.AgentId == agent.Id)?.Id ?? "conv_none";
                set.AppendEvent(data.UserMessage(target, op.Count == 1 ? $"evt_{op.Pick:x16}" : null), agent.Id, now);
                break;
            case ModelOpKind.AppEvent when agent is not null:
                if (op.Count == 1)
                {
                    set.AppendEvent(new IndicatorChangedFrame { AgentId = agent.Id, ConversationId = "conv_x", Active = true, StatusText = "thinking" }, agent.Id, now);
                }
                else
                {
                    set.AppendStatus(agent.Id, op.Count == 2, now);
                }

                break;
            case ModelOpKind.DeleteAgent when agent is not null:
                set.DeleteAgent(agent.Id);
                set.AppendRemoved(agent.Id, now);
                break;
        }

        return set;
    }

    private static void Resolve(ChangeSet set, StoreTestData data, Decision decision, int expectedVersion, ModelOp op)
    {
        var status = (op.Pick % 4) switch
        {
            0 => DecisionStatus.Approved,
            1 => DecisionStatus.Rejected,
            2 => DecisionStatus.Responded,
            _ => DecisionStatus.Expired,
        };
        set.ResolveDecision(data.Resolved(decision, status), expectedVersion);
        set.AddActivity(data.MinimalActivity(decision.AgentId) with { Type = ActivityType.DecisionResolved, DecisionId = decision.Id });
    }

    private static async Task CompareAsync(INodStore store, StoreModel model, int pick, bool full, string label)
    {
        var everAgents = model.EverAgents.Append("agt_ffffffffffffffff").ToList();
        var someAgents = everAgents.Where((_, i) => (i + pick) % 2 == 0).ToHashSet(StringComparer.Ordinal);
        var middle = model.Head / 2 + 1;

        Expect(label + ": head", model.Head, await store.Events.GetHeadAsync().WithTimeout());
        Expect(label + ": agents", model.Agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal), (await store.Agents.ListAsync().WithTimeout()).OrderBy(a => a.Id, StringComparer.Ordinal));
        Expect(label + ": conversations", model.Conversations.Values.OrderBy(c => c.Id, StringComparer.Ordinal), (await store.Conversations.ListAsync().WithTimeout()).OrderBy(c => c.Id, StringComparer.Ordinal));
        Expect(label + ": rules", model.Rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal), (await store.Rules.ListAsync().WithTimeout()).OrderBy(r => r.Id, StringComparer.Ordinal));
        Expect(label + ": pending", model.Pending(), await store.Decisions.ListPendingAsync().WithTimeout());

        foreach (var conversationId in model.EverConversations)
        {
            Expect($"{label}: messages of {conversationId}", model.MessagePage(conversationId, null, All), await store.Messages.GetPageAsync(conversationId, null, All).WithTimeout());
            Expect($"{label}: messages of {conversationId} before {middle}", model.MessagePage(conversationId, middle, 2), await store.Messages.GetPageAsync(conversationId, middle, 2).WithTimeout());
        }

        foreach (var agentId in everAgents)
        {
            Expect($"{label}: rules of {agentId}", model.RulesOf(agentId), await store.Rules.ListByAgentAsync(agentId).WithTimeout());
        }

        var filters = full ? [DecisionFilter.Pending, DecisionFilter.Resolved, DecisionFilter.All] : new[] { (DecisionFilter)(pick % 3) };
        var conversationFilters = new List<string?> { null };
        if (model.EverConversations.Count > 0)
        {
            conversationFilters.Add(model.EverConversations[pick % model.EverConversations.Count]);
        }

        foreach (var agents in new IReadOnlyCollection<string>[] { everAgents, someAgents })
        {
            foreach (var filter in filters)
            {
                foreach (var conversationId in conversationFilters)
                {
                    foreach (var (before, limit) in new (long?, int)[] { (null, All), (middle, 2) })
                    {
                        var query = new DecisionStoreQuery(agents, filter, conversationId, before, limit);
                        Expect($"{label}: decisions {filter} in {conversationId ?? "any"} before {before} limit {limit}", model.DecisionPage(query), await store.Decisions.QueryAsync(query).WithTimeout());
                    }
                }
            }

            foreach (var (before, limit) in new (long?, int)[] { (null, All), (middle, 2) })
            {
                Expect($"{label}: activity before {before} limit {limit}", model.ActivityPage(agents, before, limit), await store.Activity.QueryAsync(agents, before, limit).WithTimeout());
            }

            foreach (var audience in new[] { EventAudience.Agent, EventAudience.App })
            {
                foreach (var (after, limit) in new (long, int)[] { (0, All), (middle, 2) })
                {
                    var query = new EventLogQuery(after, audience, agents, limit);
                    Expect($"{label}: {audience} events after {after} limit {limit}", model.EventPage(query), await store.Events.ReadAsync(query).WithTimeout());
                }
            }
        }

        if (!full)
        {
            return;
        }

        foreach (var agentId in everAgents)
        {
            Expect($"{label}: agent {agentId}", model.Agents.GetValueOrDefault(agentId), await store.Agents.GetAsync(agentId).WithTimeout());
        }

        foreach (var conversationId in model.EverConversations)
        {
            Expect($"{label}: conversation {conversationId}", model.Conversations.GetValueOrDefault(conversationId), await store.Conversations.GetAsync(conversationId).WithTimeout());
            var paged = new List<Message>();
            long? before = null;
            for (IReadOnlyList<Message> page; (page = await store.Messages.GetPageAsync(conversationId, before, 2).WithTimeout()).Count > 0; before = page[^1].Seq)
            {
                paged.AddRange(page);
            }

            Expect($"{label}: paging through {conversationId}", model.MessagePage(conversationId, null, All), paged);
        }

        foreach (var messageId in model.EverMessages)
        {
            Expect($"{label}: message {messageId}", model.Messages.FirstOrDefault(m => m.Id == messageId), await store.Messages.GetAsync(messageId).WithTimeout());
        }

        foreach (var decisionId in model.EverDecisions)
        {
            Expect($"{label}: decision {decisionId}", model.Decisions.GetValueOrDefault(decisionId), await store.Decisions.GetAsync(decisionId).WithTimeout());
        }

        var events = new List<NodEvent>();
        long position = 0;
        for (IReadOnlyList<NodEvent> page; (page = await store.Events.ReadAsync(new EventLogQuery(position, EventAudience.App, everAgents, 3)).WithTimeout()).Count > 0; position = page[^1].Seq)
        {
            events.AddRange(page);
        }

        Expect($"{label}: paging through app events", model.EventPage(new EventLogQuery(0, EventAudience.App, everAgents, All)), events);
    }

    private static void Expect(string label, object? expected, object? actual)
    {
        var e = RecordText.Of(expected);
        var a = RecordText.Of(actual);
        if (!string.Equals(e, a, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{label}\nmodel: {e}\nstore: {a}");
        }
    }
}
