using System.Text;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>
/// The base of every conformance class: gives each test a fresh, initialized, empty store (<see cref="Store"/>) and
/// disposes every store it opened.
/// </summary>
/// <remarks>
/// <see cref="CreateStoreAsync"/> may be called several times per test (the model-based test opens one store per
/// generated case); each call must return a new, initialized, empty store independent of the others.
/// </remarks>
public abstract class StoreConformanceBase : IAsyncLifetime
{
    /// <summary>Large enough to read "everything" in one page.</summary>
    protected const int All = 10_000;

    private readonly List<INodStore> _opened = [];

    /// <summary>Builds the records the tests write.</summary>
    protected StoreTestData Data { get; } = new();

    /// <summary>The store under test.</summary>
    protected INodStore Store { get; private set; } = null!;

    /// <summary>A new, initialized (<see cref="INodStore.InitializeAsync"/> already called), empty store.</summary>
    protected abstract Task<INodStore> CreateStoreAsync();

    /// <inheritdoc />
    public async Task InitializeAsync() => Store = await OpenNewStoreAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync().WithTimeout();
        }

        _opened.Clear();
    }

    /// <summary>Opens another store, disposed with the test.</summary>
    protected async Task<INodStore> OpenNewStoreAsync()
    {
        var store = await CreateStoreAsync().WithTimeout();
        _opened.Add(store);
        return store;
    }

    /// <summary>Disposes <see cref="Store"/> and replaces it by what <paramref name="reopen"/> opens.</summary>
    protected async Task ReplaceStoreAsync(Func<INodStore, Task<INodStore>> reopen)
    {
        ArgumentNullException.ThrowIfNull(reopen);
        var old = Store;
        _opened.Remove(old);
        await old.DisposeAsync().WithTimeout();
        Store = await reopen(old).WithTimeout();
        _opened.Add(Store);
    }

    /// <summary>Commits the sets in one call and returns the outcomes.</summary>
    protected async Task<IReadOnlyList<CommitOutcome>> CommitAsync(params ChangeSet[] sets) =>
        await Store.CommitAsync(sets).WithTimeout();

    /// <summary>Commits the sets in one call and asserts every one committed.</summary>
    protected async Task CommitOkAsync(params ChangeSet[] sets)
    {
        var outcomes = await CommitAsync(sets);
        Assert.Equal(sets.Length, outcomes.Count);
        for (var i = 0; i < outcomes.Count; i++)
        {
            Assert.True(outcomes[i].Status == CommitStatus.Committed, $"set {i}: {outcomes[i].Status} {outcomes[i].Error}");
        }
    }

    /// <summary>Commits one set filled by <paramref name="fill"/> and asserts it committed.</summary>
    protected async Task<ChangeSet> CommitOkAsync(Action<ChangeSet> fill)
    {
        var set = ChangeSets.New(fill);
        await CommitOkAsync(set);
        return set;
    }

    /// <summary>Every event of the audience for the agents, oldest first.</summary>
    protected async Task<IReadOnlyList<NodEvent>> EventsAsync(EventAudience audience, params string[] agentIds) =>
        await Store.Events.ReadAsync(new EventLogQuery(0, audience, agentIds, All)).WithTimeout();

    /// <summary>Every event of both audiences for the agents, in <c>seq</c> order.</summary>
    protected async Task<IReadOnlyList<NodEvent>> AllEventsAsync(params string[] agentIds)
    {
        var agent = await EventsAsync(EventAudience.Agent, agentIds);
        var app = await EventsAsync(EventAudience.App, agentIds);
        return [.. agent.Concat(app).OrderBy(e => e.Seq)];
    }

    /// <summary>An agent with a conversation, committed.</summary>
    protected async Task<(AgentRecord Agent, ConversationRecord Conversation)> AgentWithConversationAsync()
    {
        var agent = Data.Agent();
        var conversation = Data.Conversation(agent.Id);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutConversation(conversation);
        });
        return (agent, conversation);
    }

    /// <summary>An agent with a bit of everything: conversations, messages, pending and resolved decisions, rules, activity, events of both audiences.</summary>
    protected async Task<(AgentRecord Agent, ConversationRecord Conversation)> RichAgentAsync()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var second = Data.MinimalConversation(agent.Id);
        var pending = Data.Decision(agent.Id, conversation.Id);
        var toResolve = Data.MinimalDecision(agent.Id);
        var created = await CommitOkAsync(s =>
        {
            s.PutConversation(second);
            s.AddMessage(Data.Message(conversation));
            s.AddMessage(Data.MinimalMessage(second));
            s.CreateDecision(pending);
            s.CreateDecision(toResolve);
            s.PutRule(Data.Rule(agent.Id));
            s.PutRule(Data.Rule(agent.Id, RuleEffect.Allow));
            s.AddActivity(Data.Activity(agent.Id));
            s.AppendEvent(Data.UserMessage(conversation.Id), agent.Id, Data.Now());
            s.AppendStatus(agent.Id, true, Data.Now());
        });
        var seq = created.Events.Where(e => e.Type == DecisionCreatedFrame.TypeName).ElementAt(1).Seq;
        await CommitOkAsync(s => s.ResolveDecision(Data.Resolved(toResolve with { Seq = seq }), 1));
        return (agent, conversation);
    }

    /// <summary>
    /// Everything <paramref name="store"/> returns about the agents (all agents <see cref="Data"/> ever made when
    /// <see langword="null"/>), through every read method, as text. Equal snapshots: nothing observable changed for
    /// those agents. Records of other agents are left out, so writes to other agents do not change the snapshot.
    /// </summary>
    protected async Task<string> SnapshotAsync(INodStore? store = null, IReadOnlyCollection<string>? agentIds = null, bool includeHead = true)
    {
        store ??= Store;
        agentIds ??= Data.AgentIds;
        var agents = agentIds.ToHashSet(StringComparer.Ordinal);
        bool Mine(string agentId) => agents.Contains(agentId);
        var text = new StringBuilder();
        void Add(string label, object? value) => text.Append(label).Append(": ").Append(RecordText.Of(value)).Append('\n');

        if (includeHead)
        {
            Add("head", await store.Events.GetHeadAsync().WithTimeout());
        }

        foreach (var id in agentIds)
        {
            Add("agent " + id, await store.Agents.GetAsync(id).WithTimeout());
            Add("rules of " + id, await store.Rules.ListByAgentAsync(id).WithTimeout());
        }

        Add("agents", (await store.Agents.ListAsync().WithTimeout()).Where(a => Mine(a.Id)).OrderBy(a => a.Id, StringComparer.Ordinal));
        Add("conversations", (await store.Conversations.ListAsync().WithTimeout()).Where(c => Mine(c.AgentId)).OrderBy(c => c.Id, StringComparer.Ordinal));
        foreach (var id in Data.ConversationIds)
        {
            var conversation = await store.Conversations.GetAsync(id).WithTimeout();
            if (conversation is not null && Mine(conversation.AgentId))
            {
                Add("conversation " + id, conversation);
            }

            var page = await store.Messages.GetPageAsync(id, null, All).WithTimeout();
            if (page.Any(m => Mine(m.AgentId)))
            {
                Add("messages of " + id, page.Where(m => Mine(m.AgentId)));
            }
        }

        foreach (var id in Data.MessageIds)
        {
            var message = await store.Messages.GetAsync(id).WithTimeout();
            if (message is not null && Mine(message.AgentId))
            {
                Add("message " + id, message);
            }
        }

        foreach (var id in Data.DecisionIds)
        {
            var decision = await store.Decisions.GetAsync(id).WithTimeout();
            if (decision is not null && Mine(decision.AgentId))
            {
                Add("decision " + id, decision);
            }
        }

        Add("decisions", await store.Decisions.QueryAsync(new DecisionStoreQuery(agentIds, DecisionFilter.All, null, null, All)).WithTimeout());
        Add("pending", (await store.Decisions.ListPendingAsync().WithTimeout()).Where(d => Mine(d.AgentId)));
        Add("rules", (await store.Rules.ListAsync().WithTimeout()).Where(r => Mine(r.AgentId)).OrderBy(r => r.Id, StringComparer.Ordinal));
        Add("activity", await store.Activity.QueryAsync(agentIds, null, All).WithTimeout());
        Add("agent events", await store.Events.ReadAsync(new EventLogQuery(0, EventAudience.Agent, agentIds, All)).WithTimeout());
        Add("app events", await store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, agentIds, All)).WithTimeout());
        return text.ToString();
    }
}
