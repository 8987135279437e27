using Nod.Internal;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage;

/// <summary>
/// Everything one command writes, applied by a store atomically: all of it or none of it. The engine fills it; a store
/// calls <see cref="Seal"/> inside its transaction to number the events, then writes the lists below.
/// </summary>
/// <remarks>
/// Messages, activity entries and new decisions take the <c>seq</c> of the event that announces them, so history
/// paging and the live stream share one ordering. Indicators and connections are runtime state: stores ignore them.
/// </remarks>
public sealed class ChangeSet
{
    private readonly List<AgentRecord> _agents = [];
    private readonly List<string> _deletedAgents = [];
    private readonly List<ConversationRecord> _conversations = [];
    private readonly List<DecisionWrite> _decisions = [];
    private readonly List<Rule> _rules = [];
    private readonly List<string> _deletedRules = [];
    private readonly List<PendingEvent> _events = [];
    private readonly List<Message> _messages = [];
    private readonly List<ActivityEntry> _activity = [];
    private readonly List<IdempotencyRecord> _idempotency = [];
    private NodEvent[] _sealed = [];

    /// <summary>Agents to insert or replace.</summary>
    public IReadOnlyList<AgentRecord> Agents => _agents;

    /// <summary>
    /// Agents to delete with everything of theirs (conversations, messages, decisions, rules, activity, idempotency
    /// records and earlier events); deletions are applied before the other writes of the set.
    /// </summary>
    public IReadOnlyList<string> DeletedAgents => _deletedAgents;

    /// <summary>Conversations to insert or replace.</summary>
    public IReadOnlyList<ConversationRecord> Conversations => _conversations;

    /// <summary>New messages; their <c>seq</c> is set by <see cref="Seal"/>.</summary>
    public IReadOnlyList<Message> Messages => _messages;

    /// <summary>Decisions to insert or replace, each with the version check the store must enforce.</summary>
    public IReadOnlyList<DecisionWrite> Decisions => _decisions;

    /// <summary>Rules to insert or replace.</summary>
    public IReadOnlyList<Rule> Rules => _rules;

    /// <summary>Rule ids to delete.</summary>
    public IReadOnlyList<string> DeletedRules => _deletedRules;

    /// <summary>New activity entries; their <c>seq</c> is set by <see cref="Seal"/>.</summary>
    public IReadOnlyList<ActivityEntry> Activity => _activity;

    /// <summary>Idempotency records to insert or replace (keyed by agent and key).</summary>
    public IReadOnlyList<IdempotencyRecord> IdempotencyRecords => _idempotency;

    /// <summary>When set, idempotency records that expire before this instant are deleted.</summary>
    public DateTimeOffset? PurgeIdempotencyBefore { get; private set; }

    /// <summary>The events to append, in order, before they are numbered.</summary>
    public IReadOnlyList<PendingEvent> PendingEvents => _events;

    /// <summary>The events as numbered and serialized by the last <see cref="Seal"/>, in <c>seq</c> order.</summary>
    public IReadOnlyList<NodEvent> Events => _sealed;

    /// <summary>Whether the set writes nothing to a store.</summary>
    public bool IsEmpty =>
        _agents.Count == 0 && _deletedAgents.Count == 0 && _conversations.Count == 0 && _decisions.Count == 0 &&
        _rules.Count == 0 && _deletedRules.Count == 0 && _events.Count == 0 && _idempotency.Count == 0 && PurgeIdempotencyBefore is null;

    /// <summary>Runtime changes to indicators (a removed one is <c>(agent, conversation, null)</c>). Not persisted.</summary>
    internal List<(string AgentId, string ConversationId, Indicator? Indicator)> IndicatorChanges { get; } = [];

    /// <summary>Runtime changes to how many connections each agent has open. Not persisted.</summary>
    internal List<(string AgentId, int Connections)> ConnectionChanges { get; } = [];

    /// <summary>
    /// Numbers the events <paramref name="firstSeq"/>, <paramref name="firstSeq"/> + 1, …, stamps the messages,
    /// activity entries and new decisions they announce, and serializes every frame once. Stores call this inside
    /// their transaction with the next free <c>seq</c>; calling it again (after a retry) renumbers.
    /// </summary>
    /// <param name="firstSeq">The seq of the first event; must be positive.</param>
    /// <returns>The sealed events, also available as <see cref="Events"/>.</returns>
    public IReadOnlyList<NodEvent> Seal(long firstSeq)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstSeq, 1);
        _messages.Clear();
        _activity.Clear();
        var sealedEvents = new NodEvent[_events.Count];
        for (var i = 0; i < _events.Count; i++)
        {
            var pending = _events[i];
            var seq = firstSeq + i;
            var frame = pending.Frame;
            frame.Seq = seq;
            switch (frame)
            {
                case MessageCreatedFrame m:
                    m.Message = m.Message with { Seq = seq };
                    _messages.Add(m.Message);
                    break;
                case ActivityCreatedFrame a:
                    a.Activity = a.Activity with { Seq = seq };
                    _activity.Add(a.Activity);
                    break;
                case DecisionCreatedFrame d:
                    d.Decision = d.Decision with { Seq = seq };
                    StampDecision(d.Decision.Id, seq);
                    break;
            }

            sealedEvents[i] = new NodEvent(
                seq, pending.EventId, pending.AgentId, pending.Audience, frame.Type, pending.CreatedAt, FrameReader.Write(frame), frame);
        }

        _sealed = sealedEvents;
        return sealedEvents;
    }

    /// <summary>Inserts or replaces an agent.</summary>
    /// <param name="agent">The agent.</param>
    public void PutAgent(AgentRecord agent) => _agents.Add(agent);

    /// <summary>Deletes an agent and everything of it.</summary>
    /// <param name="agentId">The agent.</param>
    public void DeleteAgent(string agentId) => _deletedAgents.Add(agentId);

    /// <summary>Inserts or replaces a conversation.</summary>
    /// <param name="conversation">The conversation.</param>
    public void PutConversation(ConversationRecord conversation) => _conversations.Add(conversation);

    /// <summary>Adds a message and the <c>message_created</c> event that announces it (and gives it its <c>seq</c>).</summary>
    /// <param name="message">The message.</param>
    public void AddMessage(Message message) =>
        AppendEvent(new MessageCreatedFrame { Message = message }, message.AgentId, message.CreatedAt);

    /// <summary>Adds an activity entry and the <c>activity_created</c> event that announces it (and gives it its <c>seq</c>).</summary>
    /// <param name="entry">The entry.</param>
    public void AddActivity(ActivityEntry entry) =>
        AppendEvent(new ActivityCreatedFrame { Activity = entry }, entry.AgentId, entry.CreatedAt);

    /// <summary>
    /// Inserts or replaces a decision, stored with version <paramref name="expectedVersion"/> + 1; the store refuses
    /// the whole set when the stored version is not <paramref name="expectedVersion"/> (0: must not exist).
    /// A new decision takes the <c>seq</c> of the <c>decision_created</c> event in the same set; an update whose
    /// <see cref="Decision.Seq"/> is 0 (a writer that never saw the stored one) keeps the stored <c>seq</c>.
    /// </summary>
    /// <param name="decision">The decision.</param>
    /// <param name="expectedVersion">The version the change is based on.</param>
    public void PutDecision(Decision decision, int expectedVersion) =>
        _decisions.Add(new DecisionWrite(decision with { Version = expectedVersion + 1 }, expectedVersion));

    /// <summary>Inserts or replaces a rule.</summary>
    /// <param name="rule">The rule.</param>
    public void PutRule(Rule rule) => _rules.Add(rule);

    /// <summary>Deletes a rule.</summary>
    /// <param name="ruleId">The rule.</param>
    public void DeleteRule(string ruleId) => _deletedRules.Add(ruleId);

    /// <summary>Records the response to an agent event sent with an idempotency key.</summary>
    /// <param name="record">The record.</param>
    public void PutIdempotency(IdempotencyRecord record) => _idempotency.Add(record);

    /// <summary>Deletes idempotency records that expire before <paramref name="instant"/>.</summary>
    /// <param name="instant">The cut-off (UTC).</param>
    public void PurgeIdempotency(DateTimeOffset instant) => PurgeIdempotencyBefore = instant;

    /// <summary>
    /// Appends an event. <see cref="AgentFrame"/>s go to the agent, <see cref="AppFrame"/>s to people's apps; an agent
    /// frame without an event id gets a new one.
    /// </summary>
    /// <param name="frame">The frame; its <c>seq</c> is set by <see cref="Seal"/>.</param>
    /// <param name="agentId">The agent the event belongs to.</param>
    /// <param name="createdAt">When it happened (UTC).</param>
    public void AppendEvent(NodFrame frame, string agentId, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(frame);
        string eventId;
        EventAudience audience;
        if (frame is AgentFrame agentFrame)
        {
            audience = EventAudience.Agent;
            if (agentFrame.EventId.Length == 0)
            {
                agentFrame.EventId = NodIds.Event();
            }

            eventId = agentFrame.EventId;
        }
        else
        {
            audience = EventAudience.App;
            eventId = NodIds.Event();
        }

        _events.Add(new PendingEvent(frame, agentId, audience, eventId, createdAt));
    }

    private void StampDecision(string decisionId, long seq)
    {
        for (var i = 0; i < _decisions.Count; i++)
        {
            var write = _decisions[i];
            if (write.Decision.Id == decisionId && write.ExpectedVersion == 0)
            {
                _decisions[i] = write with { Decision = write.Decision with { Seq = seq } };
            }
        }
    }
}
