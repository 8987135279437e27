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
    private List<AgentRecord>? _agents;
    private List<string>? _deletedAgents;
    private List<ConversationRecord>? _conversations;
    private List<DecisionWrite>? _decisions;
    private List<Rule>? _rules;
    private List<string>? _deletedRules;
    private List<PendingEvent>? _events;
    private List<Message>? _messages;
    private List<ActivityEntry>? _activity;
    private List<IdempotencyRecord>? _idempotency;
    private List<TaskRecord>? _tasks;
    private List<string>? _deletedTasks;
    private List<TaskRun>? _runs;
    private List<WebhookDelivery>? _deliveries;
    private NodEvent[] _sealed = [];

    /// <summary>Agents to insert or replace.</summary>
    public IReadOnlyList<AgentRecord> Agents => View(_agents);

    /// <summary>
    /// Agents to delete with everything of theirs (conversations, messages, decisions, rules, activity, tasks and runs,
    /// webhook deliveries, idempotency records and earlier events); deletions are applied before the other writes of the set.
    /// </summary>
    public IReadOnlyList<string> DeletedAgents => View(_deletedAgents);

    /// <summary>Conversations to insert or replace.</summary>
    public IReadOnlyList<ConversationRecord> Conversations => View(_conversations);

    /// <summary>New messages; their <c>seq</c> is set by <see cref="Seal"/>.</summary>
    public IReadOnlyList<Message> Messages => View(_messages);

    /// <summary>Decisions to insert or replace, each with the version check the store must enforce.</summary>
    public IReadOnlyList<DecisionWrite> Decisions => View(_decisions);

    /// <summary>Rules to insert or replace.</summary>
    public IReadOnlyList<Rule> Rules => View(_rules);

    /// <summary>Rule ids to delete.</summary>
    public IReadOnlyList<string> DeletedRules => View(_deletedRules);

    /// <summary>New activity entries; their <c>seq</c> is set by <see cref="Seal"/>.</summary>
    public IReadOnlyList<ActivityEntry> Activity => View(_activity);

    /// <summary>Tasks to insert or replace.</summary>
    public IReadOnlyList<TaskRecord> Tasks => View(_tasks);

    /// <summary>Tasks to delete with their runs; applied before the other writes of the set.</summary>
    public IReadOnlyList<string> DeletedTasks => View(_deletedTasks);

    /// <summary>Task runs to insert or replace.</summary>
    public IReadOnlyList<TaskRun> Runs => View(_runs);

    /// <summary>
    /// Webhook deliveries to insert or replace (keyed by event id). A new delivery of an event of this set gets the
    /// event's payload and <c>seq</c> when the set is sealed.
    /// </summary>
    public IReadOnlyList<WebhookDelivery> Deliveries => View(_deliveries);

    /// <summary>Idempotency records to insert or replace (keyed by agent and key).</summary>
    public IReadOnlyList<IdempotencyRecord> IdempotencyRecords => View(_idempotency);

    /// <summary>When set, idempotency records that expire before this instant are deleted.</summary>
    public DateTimeOffset? PurgeIdempotencyBefore { get; private set; }

    /// <summary>The events to append, in order, before they are numbered.</summary>
    public IReadOnlyList<PendingEvent> PendingEvents => View(_events);

    /// <summary>The events as numbered and serialized by the last <see cref="Seal"/>, in <c>seq</c> order.</summary>
    public IReadOnlyList<NodEvent> Events => _sealed;

    /// <summary>Whether the set writes nothing to a store.</summary>
    public bool IsEmpty =>
        _agents is null && _deletedAgents is null && _conversations is null && _decisions is null &&
        _rules is null && _deletedRules is null && _events is null && _idempotency is null && PurgeIdempotencyBefore is null &&
        _tasks is null && _deletedTasks is null && _runs is null && _deliveries is null;

    /// <summary>Runtime changes to indicators (a removed one is <c>(agent, conversation, null)</c>). Not persisted.</summary>
    internal List<(string AgentId, string ConversationId, Indicator? Indicator)> IndicatorChanges { get; } = [];

    /// <summary>Runtime changes to the connections each agent has open (the new full set). Not persisted.</summary>
    internal List<(string AgentId, string[] ConnectionIds)> ConnectionChanges { get; } = [];

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
        _messages?.Clear();
        _activity?.Clear();
        var events = View(_events);
        var sealedEvents = new NodEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var pending = events[i];
            var seq = firstSeq + i;
            var frame = Numbered(pending.Frame, seq);
            sealedEvents[i] = new NodEvent(
                seq, pending.EventId, pending.AgentId, pending.Audience, frame.Type, pending.CreatedAt, FrameReader.Write(frame), frame);
        }

        _sealed = sealedEvents;
        StampDeliveries(sealedEvents);
        return sealedEvents;
    }

    /// <summary>Inserts or replaces an agent; putting the same agent again in this set replaces the earlier put (one write).</summary>
    /// <param name="agent">The agent.</param>
    public void PutAgent(AgentRecord agent) => Put(_agents ??= [], agent, agent.Id, static a => a.Id);

    /// <summary>Deletes an agent and everything of it (its conversations with their messages included).</summary>
    /// <param name="agentId">The agent.</param>
    public void DeleteAgent(string agentId) => (_deletedAgents ??= []).Add(agentId);

    /// <summary>Inserts or replaces a conversation; putting the same conversation again in this set replaces the earlier put (one write).</summary>
    /// <param name="conversation">The conversation.</param>
    public void PutConversation(ConversationRecord conversation) => Put(_conversations ??= [], conversation, conversation.Id, static c => c.Id);

    /// <summary>Adds a message and the <c>message_created</c> event that announces it (and gives it its <c>seq</c>).</summary>
    /// <param name="message">The message; its conversation is one of its agent's (stores find an agent's messages through its conversations).</param>
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
        (_decisions ??= []).Add(new DecisionWrite(decision with { Version = expectedVersion + 1 }, expectedVersion));

    /// <summary>Inserts or replaces a rule.</summary>
    /// <param name="rule">The rule.</param>
    public void PutRule(Rule rule) => (_rules ??= []).Add(rule);

    /// <summary>Deletes a rule.</summary>
    /// <param name="ruleId">The rule.</param>
    public void DeleteRule(string ruleId) => (_deletedRules ??= []).Add(ruleId);

    /// <summary>Inserts or replaces a task.</summary>
    /// <param name="task">The task.</param>
    public void PutTask(TaskRecord task) => (_tasks ??= []).Add(task);

    /// <summary>Deletes a task and its runs.</summary>
    /// <param name="taskId">The task.</param>
    public void DeleteTask(string taskId) => (_deletedTasks ??= []).Add(taskId);

    /// <summary>Inserts or replaces a task run.</summary>
    /// <param name="run">The run.</param>
    public void PutRun(TaskRun run) => (_runs ??= []).Add(run);

    /// <summary>Inserts or replaces a webhook delivery.</summary>
    /// <param name="delivery">The delivery.</param>
    public void PutDelivery(WebhookDelivery delivery) => (_deliveries ??= []).Add(delivery);

    /// <summary>Records the response to an agent event sent with an idempotency key.</summary>
    /// <param name="record">The record.</param>
    public void PutIdempotency(IdempotencyRecord record) => (_idempotency ??= []).Add(record);

    /// <summary>Deletes idempotency records that expire before <paramref name="instant"/>.</summary>
    /// <param name="instant">The cut-off (UTC).</param>
    public void PurgeIdempotency(DateTimeOffset instant) => PurgeIdempotencyBefore = instant;

    /// <summary>
    /// Appends an event. <see cref="AgentFrame"/>s go to the agent, <see cref="AppFrame"/>s to people's apps; an agent
    /// frame without an event id is appended as a copy with a new one.
    /// </summary>
    /// <param name="frame">The frame; never changed (<see cref="Seal"/> numbers a copy, found in <see cref="Events"/>).</param>
    /// <param name="agentId">The agent the event belongs to.</param>
    /// <param name="createdAt">When it happened (UTC).</param>
    /// <returns>The event id: the agent frame's own, or the one given to it (frames are immutable, so the appended frame is then a copy).</returns>
    public string AppendEvent(NodFrame frame, string agentId, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(frame);
        string eventId;
        EventAudience audience;
        if (frame is AgentFrame agentFrame)
        {
            audience = EventAudience.Agent;
            if (agentFrame.EventId.Length == 0)
            {
                frame = agentFrame = agentFrame with { EventId = NodIds.Event() };
            }

            eventId = agentFrame.EventId;
        }
        else
        {
            audience = EventAudience.App;
            eventId = NodIds.Event();
        }

        (_events ??= []).Add(new PendingEvent(frame, agentId, audience, eventId, createdAt));
        return eventId;
    }

    /// <summary>
    /// The numbered copy of a pending frame (frames are immutable and shared by every in-process reader); the message,
    /// activity entry or new decision it announces takes the same seq.
    /// </summary>
    private NodFrame Numbered(NodFrame frame, long seq)
    {
        switch (frame)
        {
            case MessageCreatedFrame m:
                var message = m.Message with { Seq = seq };
                (_messages ??= []).Add(message);
                return m with { Seq = seq, Message = message };
            case ActivityCreatedFrame a:
                var entry = a.Activity with { Seq = seq };
                (_activity ??= []).Add(entry);
                return a with { Seq = seq, Activity = entry };
            case DecisionCreatedFrame d:
                StampDecision(d.Decision.Id, seq);
                return d with { Seq = seq, Decision = d.Decision with { Seq = seq } };
            default:
                return frame with { Seq = seq };
        }
    }

    private static IReadOnlyList<T> View<T>(List<T>? list) => list is null ? Array.Empty<T>() : list;

    /// <summary>
    /// Adds a record, or replaces this set's earlier version of it: a command that writes a record twice (its flags follow
    /// what the command did last) costs the store one write. The lists hold a handful of records, so a scan is cheapest.
    /// </summary>
    private static void Put<T>(List<T> list, T record, string id, Func<T, string> idOf)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(idOf(list[i]), id, StringComparison.Ordinal))
            {
                list[i] = record;
                return;
            }
        }

        list.Add(record);
    }

    /// <summary>Outbox entries of this set's events carry the exact payload that was logged.</summary>
    private void StampDeliveries(NodEvent[] sealedEvents)
    {
        if (_deliveries is null)
        {
            return;
        }

        for (var i = 0; i < _deliveries.Count; i++)
        {
            var delivery = _deliveries[i];
            var announced = Array.Find(sealedEvents, e => e.EventId == delivery.EventId && e.Audience == EventAudience.Agent);
            if (announced is not null)
            {
                _deliveries[i] = delivery with { Payload = announced.Payload.ToArray(), Seq = announced.Seq };
            }
        }
    }

    private void StampDecision(string decisionId, long seq)
    {
        if (_decisions is null)
        {
            return;
        }

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
