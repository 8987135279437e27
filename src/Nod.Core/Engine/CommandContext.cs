using Nod.Internal;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.Engine;

/// <summary>
/// What a command sees while it runs on the engine loop: the working state, its own change set, the time, and the
/// lookups every command needs (access checks that answer 404 for what the caller may not see).
/// </summary>
internal sealed partial class CommandContext
{
    private Dictionary<string, AgentRecord>? _agentsWritten;

    public CommandContext(NodEngine engine, EngineState state, ChangeSet changes, DateTimeOffset now)
    {
        Engine = engine;
        State = state;
        Changes = changes;
        Now = now;
    }

    public NodEngine Engine { get; }

    /// <summary>The working state: everything committed plus what earlier commands of this batch prepared.</summary>
    public EngineState State { get; }

    /// <summary>The command's writes (sealed once committed).</summary>
    public ChangeSet Changes { get; }

    /// <summary>The command's timestamp (UTC, whole milliseconds).</summary>
    public DateTimeOffset Now { get; }

    public NodOptions Options => Engine.Options;

    public NodLimits Limits => Engine.Options.Limits;

    public INodStore Store => Engine.Store;

    /// <summary>The agent as this command last wrote it, or as the state has it.</summary>
    public AgentRecord? FindAgent(string agentId) =>
        _agentsWritten is not null && _agentsWritten.TryGetValue(agentId, out var written) ? written
        : State.Agents.GetValueOrDefault(agentId);

    /// <summary>Records a new version of an agent.</summary>
    public void PutAgent(AgentRecord agent)
    {
        (_agentsWritten ??= new(StringComparer.Ordinal))[agent.Id] = agent;
        Changes.PutAgent(agent);
    }

    /// <summary>The calling agent itself (authenticated earlier); 401 if it was deleted since.</summary>
    public AgentRecord CallingAgent(string agentId) =>
        FindAgent(agentId) ?? throw NodException.Unauthorized($"agent {agentId} no longer exists");

    /// <summary>An agent the user owns or that is shared with them; 404 otherwise (no probing).</summary>
    public AgentRecord VisibleAgent(string agentId, string userId)
    {
        var agent = FindAgent(agentId);
        return agent is not null && agent.IsVisibleTo(userId) ? agent : throw NodException.NotFound($"agent {agentId} was not found");
    }

    /// <summary>An agent the user owns: 404 if they cannot see it, 403 if it is only shared with them.</summary>
    public AgentRecord OwnedAgent(string agentId, string userId)
    {
        var agent = VisibleAgent(agentId, userId);
        return string.Equals(agent.OwnerId, userId, StringComparison.Ordinal)
            ? agent
            : throw NodException.Forbidden($"only the owner of agent {agentId} may do this");
    }

    /// <summary>A conversation of a visible agent; 404 otherwise.</summary>
    public (ConversationRecord Conversation, AgentRecord Agent) VisibleConversation(string conversationId, string userId)
    {
        if (State.Conversations.TryGetValue(conversationId, out var conversation) &&
            FindAgent(conversation.AgentId) is { } agent && agent.IsVisibleTo(userId))
        {
            return (conversation, agent);
        }

        throw NodException.NotFound($"conversation {conversationId} was not found");
    }

    /// <summary>
    /// The agent's conversation: <paramref name="conversationId"/> if it is the agent's (404 otherwise), or the default
    /// one, created on first use.
    /// </summary>
    public ConversationRecord ConversationOf(AgentRecord agent, string? conversationId, string field = "conversation_id")
    {
        if (conversationId is not null)
        {
            return State.Conversations.TryGetValue(conversationId, out var conversation) && conversation.AgentId == agent.Id
                ? conversation
                : throw NodException.NotFound($"{field} {conversationId} was not found");
        }

        return DefaultConversation(agent.Id);
    }

    /// <summary>The agent's default conversation, created (and recorded on the agent) the first time it is needed.</summary>
    public ConversationRecord DefaultConversation(string agentId)
    {
        var agent = FindAgent(agentId) ?? throw NodException.NotFound($"agent {agentId} was not found");
        if (agent.DefaultConversationId is { } id)
        {
            if (State.Conversations.TryGetValue(id, out var existing))
            {
                return existing;
            }

            var pending = Changes.Conversations.FirstOrDefault(c => c.Id == id);
            if (pending is not null)
            {
                return pending;
            }
        }

        var created = new ConversationRecord { Id = NodIds.Conversation(), AgentId = agent.Id, CreatedAt = Now };
        Changes.PutConversation(created);
        PutAgent(agent with { DefaultConversationId = created.Id });
        return created;
    }

    /// <summary>Adds an activity entry (and its <c>activity_created</c> event).</summary>
    public ActivityEntry AddActivity(
        string agentId, ActivityType type, string title, string? text = null, string? taskRunId = null, string? decisionId = null, string? messageId = null)
    {
        var entry = new ActivityEntry
        {
            Id = NodIds.Activity(),
            AgentId = agentId,
            Type = type,
            Title = title,
            Text = text,
            TaskRunId = taskRunId,
            DecisionId = decisionId,
            MessageId = messageId,
            CreatedAt = Now,
        };
        Changes.AddActivity(entry);
        return entry;
    }

    /// <summary>
    /// Appends an event of the agent. A <c>user_message</c>, <c>decision_resolved</c> or <c>task_due</c> for an agent
    /// with no open connection and a webhook URL also gets its outbox entry, in the same commit (PROTOCOL §6).
    /// </summary>
    public void Emit(NodFrame frame, string agentId)
    {
        var eventId = Changes.AppendEvent(frame, agentId, Now);
        if (frame is UserMessageFrame or DecisionResolvedFrame or TaskDueFrame &&
            FindAgent(agentId) is { WebhookUrl: not null } agent && !IsOnline(agent.Id))
        {
            Changes.PutDelivery(new WebhookDelivery
            {
                EventId = eventId,
                AgentId = agentId,
                Type = frame.Type,
                Status = DeliveryStatus.Pending,
                NextAttemptAt = Now,
                CreatedAt = Now,
            });
        }
    }

    /// <summary>Whether the agent has a connection open, counting connections this command opens or closes.</summary>
    public bool IsOnline(string agentId)
    {
        for (var i = Changes.ConnectionChanges.Count - 1; i >= 0; i--)
        {
            if (Changes.ConnectionChanges[i].AgentId == agentId)
            {
                return Changes.ConnectionChanges[i].ConnectionIds.Length > 0;
            }
        }

        return State.IsOnline(agentId);
    }

    /// <summary>A delivery as this batch leaves it: this command's write, an earlier command's, or the store's.</summary>
    public async ValueTask<WebhookDelivery?> FindDeliveryAsync(string eventId)
    {
        var own = Changes.Deliveries.LastOrDefault(d => d.EventId == eventId);
        if (own is not null)
        {
            return own;
        }

        return State.UncommittedDeliveries.TryGetValue(eventId, out var pending)
            ? pending
            : await Store.Deliveries.GetAsync(eventId).ConfigureAwait(false);
    }

    /// <summary>The public view of an agent as this command leaves it.</summary>
    public Agent ViewOf(AgentRecord agent) => AgentViews.From(agent, State, Engine.LastSeen);
}
