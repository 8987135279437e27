using Nod.Engine;
using Nod.Engine.Commands;
using Nod.Model;
using Nod.Storage;

namespace Nod;

/// <summary>
/// One person using Nod in process: the same powers as the app API (PROTOCOL §7). It reaches only agents the user owns
/// or that are shared with them, and everything under those; anything else answers 404, as if it did not exist.
/// </summary>
/// <remarks>
/// Created by <see cref="INodClientFactory.ForUser"/>. Cheap to create; thread-safe. A <see langword="null"/> id or request
/// throws <see cref="ArgumentNullException"/>; everything Nod refuses (an unknown id included) is a <see cref="NodException"/>.
/// </remarks>
public sealed class NodUserClient
{
    private const int MaxPage = 100;

    private readonly NodEngine _engine;

    internal NodUserClient(NodEngine engine, string userId, string displayName)
    {
        _engine = engine;
        UserId = userId;
        DisplayName = displayName;
    }

    /// <summary>The user's id.</summary>
    public string UserId { get; }

    /// <summary>The user's display name (shown on their messages and resolutions).</summary>
    public string DisplayName { get; }

    // ---- Agents ----

    /// <summary>Creates an agent owned by this user; the result holds its secrets, shown only this once.</summary>
    /// <param name="request">Name, type, and optional description and webhook URL.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="NodException">400 naming the field.</exception>
    public Task<AgentCredentials> CreateAgentAsync(CreateAgentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _engine.ExecuteAsync(new CreateAgentCommand(UserId, request), cancellationToken);
    }

    /// <summary>The agents this user owns or that are shared with them, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<Agent>> GetAgentsAsync(CancellationToken cancellationToken = default) => Read<IReadOnlyList<Agent>>(() =>
    {
        var state = _engine.Committed;
        return [.. state.Agents.Values
            .Where(a => a.IsVisibleTo(UserId))
            .OrderBy(a => a.CreatedAt)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => AgentViews.From(a, state, _engine.LastSeen))];
    }, cancellationToken);

    /// <summary>One agent.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NodException">404 if unknown or not visible to this user.</exception>
    public Task<Agent> GetAgentAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return Read(() => AgentViews.From(VisibleAgent(agentId), _engine.Committed, _engine.LastSeen), cancellationToken);
    }

    /// <summary>Changes an agent's name or description; the owner may also change its webhook URL (403 for others).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<Agent> UpdateAgentAsync(string agentId, UpdateAgentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(request);
        return _engine.ExecuteAsync(new UpdateAgentCommand(UserId, agentId, request), cancellationToken);
    }

    /// <summary>Deletes an agent and everything of it (owner only).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="NodException">404 if not visible, 403 if only shared with this user.</exception>
    public Task DeleteAgentAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return _engine.ExecuteAsync(new DeleteAgentCommand(UserId, agentId), cancellationToken);
    }

    /// <summary>Replaces the agent secret (owner only): the old one stops working and open connections end.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The new secret, shown only this once.</returns>
    public Task<string> RotateSecretAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return _engine.ExecuteAsync(new RotateSecretCommand(UserId, agentId, webhookSecret: false), cancellationToken);
    }

    /// <summary>Replaces the webhook signing secret (owner only).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The new <c>whsec_</c> secret.</returns>
    public Task<string> RotateWebhookSecretAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return _engine.ExecuteAsync(new RotateSecretCommand(UserId, agentId, webhookSecret: true), cancellationToken);
    }

    /// <summary>Shares an agent with another user (owner only); their live streams start receiving it at once.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="otherUserId">The user to share with.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<Agent> ShareAgentAsync(string agentId, string otherUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(otherUserId);
        return _engine.ExecuteAsync(new ChangeSharingCommand(UserId, agentId, otherUserId, share: true), cancellationToken);
    }

    /// <summary>Stops sharing an agent with a user (owner only).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="otherUserId">The user.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<Agent> UnshareAgentAsync(string agentId, string otherUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(otherUserId);
        return _engine.ExecuteAsync(new ChangeSharingCommand(UserId, agentId, otherUserId, share: false), cancellationToken);
    }

    // ---- Conversations and messages ----

    /// <summary>An agent's conversations, oldest first; an interactive agent's default conversation is created if it does not exist yet.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<Conversation>> GetConversationsAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        var agent = VisibleAgent(agentId);
        if (agent.Type == AgentType.Interactive && agent.DefaultConversationId is null)
        {
            await _engine.ExecuteAsync(new EnsureDefaultConversationCommand(UserId, agentId), cancellationToken).ConfigureAwait(false);
        }

        var state = _engine.Committed;
        return state.ConversationsByAgent.TryGetValue(agentId, out var ids)
            ? [.. ids.Select(id => state.Conversations.GetValueOrDefault(id)).OfType<ConversationRecord>().Select(c => AgentViews.From(c, state))]
            : [];
    }

    /// <summary>Starts another conversation with an interactive agent.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="request">Optional title.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="NodException">403 for an approval-only agent.</exception>
    public Task<Conversation> CreateConversationAsync(string agentId, CreateConversationRequest? request = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return _engine.ExecuteAsync(new CreateConversationCommand(UserId, agentId, request ?? new CreateConversationRequest()), cancellationToken);
    }

    /// <summary>One conversation, with its "Thinking…" state.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Conversation> GetConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        return Read(() => AgentViews.From(VisibleConversation(conversationId), _engine.Committed), cancellationToken);
    }

    /// <summary>
    /// A page of history: the newest page first (messages with <c>seq</c> below <paramref name="before"/>), oldest to
    /// newest inside the page; <see cref="Page{T}.NextBefore"/> fetches the older page, <see langword="null"/> on the last.
    /// </summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="before">Only older than this <c>seq</c>, or <see langword="null"/> for the newest.</param>
    /// <param name="limit">Page size, 1 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<Page<Message>> GetMessagesAsync(string conversationId, long? before = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        cancellationToken.ThrowIfCancellationRequested();
        CheckLimit(limit);
        VisibleConversation(conversationId);
        var newestFirst = await _engine.Store.Messages.GetPageAsync(conversationId, before, limit + 1, cancellationToken).ConfigureAwait(false);
        var page = newestFirst.Take(limit).Reverse().ToArray();
        return new Page<Message>(page, newestFirst.Count > limit ? page[0].Seq : null);
    }

    /// <summary>Writes to an interactive agent: people see the message, the agent receives <c>user_message</c>.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="request">Text and/or media, optional reply-to.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="NodException">400 naming the field, 403 for an approval-only agent, 404.</exception>
    public Task<Message> SendMessageAsync(string conversationId, SendMessageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(request);
        return _engine.ExecuteAsync(new PostUserMessageCommand(UserId, DisplayName, conversationId, request), cancellationToken);
    }

    /// <summary>Writes a text message.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="text">Markdown text.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<Message> SendMessageAsync(string conversationId, string text, CancellationToken cancellationToken = default) =>
        SendMessageAsync(conversationId, new SendMessageRequest { Text = text }, cancellationToken);

    // ---- Decisions ----

    /// <summary>A page of requests, newest first (default: pending ones of every visible agent).</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NodException">404 when filtering by an agent or conversation this user cannot see.</exception>
    public async Task<Page<Decision>> GetDecisionsAsync(DecisionQuery? query = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        query ??= new DecisionQuery();
        _engine.EnsureRunning();
        CheckLimit(query.Limit);
        IReadOnlyCollection<string> agents = query.AgentId is { } agentId ? [VisibleAgent(agentId).Id] : VisibleAgentIds();
        if (query.ConversationId is { } conversationId)
        {
            VisibleConversation(conversationId);
        }

        var found = await _engine.Store.Decisions.QueryAsync(
            new DecisionStoreQuery(agents, query.Status, query.ConversationId, query.Before, query.Limit + 1), cancellationToken).ConfigureAwait(false);
        var page = found.Take(query.Limit).ToArray();
        return new Page<Decision>(page, found.Count > query.Limit ? page[^1].Seq : null);
    }

    /// <summary>One request.</summary>
    /// <param name="decisionId">The decision.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NodException">404 if unknown or not visible.</exception>
    public async Task<Decision> GetDecisionAsync(string decisionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisionId);
        cancellationToken.ThrowIfCancellationRequested();
        _engine.EnsureRunning();
        var decision = await _engine.Store.Decisions.GetAsync(decisionId, cancellationToken).ConfigureAwait(false);
        return decision is not null && IsVisible(decision.AgentId) ? decision : throw NodException.NotFound($"decision {decisionId} was not found");
    }

    /// <summary>
    /// Resolves a request in any form: <c>approved</c>/<c>rejected</c> (approval, permission; "Always Allow" with a
    /// pattern for permissions), <c>responded</c> with the answer as note (choice, question), or <c>dismissed</c>.
    /// </summary>
    /// <param name="decisionId">The decision.</param>
    /// <param name="request">The resolution.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="NodException">400 if the status does not fit the kind, 404, 409 if no longer pending.</exception>
    public Task<Decision> ResolveDecisionAsync(string decisionId, ResolveDecisionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisionId);
        ArgumentNullException.ThrowIfNull(request);
        return _engine.ExecuteAsync(new ResolveDecisionCommand(UserId, DisplayName, decisionId, request), cancellationToken);
    }

    /// <summary>Approves an approval or permission request.</summary>
    /// <param name="decisionId">The decision.</param>
    /// <param name="note">Optional note.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<Decision> ApproveAsync(string decisionId, string? note = null, CancellationToken cancellationToken = default) =>
        ResolveDecisionAsync(decisionId, new ResolveDecisionRequest { Status = DecisionStatus.Approved, Note = note }, cancellationToken);

    /// <summary>Rejects an approval or permission request.</summary>
    /// <param name="decisionId">The decision.</param>
    /// <param name="note">Optional note.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<Decision> RejectAsync(string decisionId, string? note = null, CancellationToken cancellationToken = default) =>
        ResolveDecisionAsync(decisionId, new ResolveDecisionRequest { Status = DecisionStatus.Rejected, Note = note }, cancellationToken);

    /// <summary>Answers a choice (an option or "Other…" text) or a question.</summary>
    /// <param name="decisionId">The decision.</param>
    /// <param name="answer">The chosen option or the typed answer.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<Decision> RespondAsync(string decisionId, string answer, CancellationToken cancellationToken = default) =>
        ResolveDecisionAsync(decisionId, new ResolveDecisionRequest { Status = DecisionStatus.Responded, Note = answer }, cancellationToken);

    /// <summary>Approves a permission request now and from now on for <paramref name="pattern"/> (stored as an allow rule).</summary>
    /// <param name="decisionId">The decision.</param>
    /// <param name="pattern">The pattern; <c>*</c> matches any run of characters.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<Decision> AlwaysAllowAsync(string decisionId, string pattern, CancellationToken cancellationToken = default) =>
        ResolveDecisionAsync(decisionId, new ResolveDecisionRequest { Status = DecisionStatus.Approved, AlwaysAllow = true, AlwaysAllowPattern = pattern }, cancellationToken);

    /// <summary>Dismisses a request without answering it.</summary>
    /// <param name="decisionId">The decision.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<Decision> DismissAsync(string decisionId, CancellationToken cancellationToken = default) =>
        ResolveDecisionAsync(decisionId, new ResolveDecisionRequest { Status = DecisionStatus.Dismissed }, cancellationToken);

    // ---- Rules ----

    /// <summary>An agent's always-allow and deny rules, oldest first.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<Rule>> GetRulesAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return Read(() => _engine.Committed.RulesOf(VisibleAgent(agentId).Id), cancellationToken);
    }

    /// <summary>Adds a rule; adding an identical one returns the existing rule.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="request">Pattern and effect.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<Rule> AddRuleAsync(string agentId, AddRuleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(request);
        return _engine.ExecuteAsync(new AddRuleCommand(UserId, agentId, request), cancellationToken);
    }

    /// <summary>Revokes a rule.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="ruleId">The rule.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task RevokeRuleAsync(string agentId, string ruleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(ruleId);
        return _engine.ExecuteAsync(new RevokeRuleCommand(UserId, agentId, ruleId), cancellationToken);
    }

    // ---- Activity and indicators ----

    /// <summary>A page of the activity feed, newest first.</summary>
    /// <param name="agentId">Only this agent's, or <see langword="null"/> for every visible agent.</param>
    /// <param name="before">Only older than this <c>seq</c>.</param>
    /// <param name="limit">Page size, 1 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<Page<ActivityEntry>> GetActivityAsync(string? agentId = null, long? before = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _engine.EnsureRunning();
        CheckLimit(limit);
        IReadOnlyCollection<string> agents = agentId is not null ? [VisibleAgent(agentId).Id] : VisibleAgentIds();
        var found = await _engine.Store.Activity.QueryAsync(agents, before, limit + 1, cancellationToken).ConfigureAwait(false);
        var page = found.Take(limit).ToArray();
        return new Page<ActivityEntry>(page, found.Count > limit ? page[^1].Seq : null);
    }

    /// <summary>Every "Thinking…" bubble that is on, of the agents this user can see.</summary>
    /// <exception cref="NodException">503 when Nod is not running.</exception>
    public IReadOnlyList<Protocol.IndicatorSnapshot> GetIndicators()
    {
        _engine.EnsureRunning();
        var state = _engine.Committed;
        return [.. state.Indicators.Values
            .Where(i => IsVisible(i.AgentId))
            .OrderBy(i => i.Since)
            .Select(i => new Protocol.IndicatorSnapshot(i.AgentId, i.ConversationId, true, i.StatusText, i.Since))];
    }

    // ---- Tasks ----

    /// <summary>An agent's tasks, oldest first.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NodException">404 if not visible, 403 for an approval-only agent.</exception>
    public Task<IReadOnlyList<AgentTask>> GetTasksAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return Read<IReadOnlyList<AgentTask>>(() =>
        {
            CommandContext.RequireTasks(VisibleAgent(agentId));
            return [.. _engine.Committed.Tasks.Values.Where(t => t.AgentId == agentId).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)
                .Select(t => TaskViews.From(t, _engine.Options))];
        }, cancellationToken);
    }

    /// <summary>One task.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AgentTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        return Read(() => TaskViews.From(VisibleTask(taskId), _engine.Options), cancellationToken);
    }

    /// <summary>Creates a task for an interactive agent: scheduled (5-field cron, IANA time zone), once (<c>run_at</c>) or event (trigger URL).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="request">The task.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="NodException">400 naming the field, 403 for an approval-only agent, 404.</exception>
    public Task<AgentTask> CreateTaskAsync(string agentId, CreateTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(request);
        return _engine.ExecuteAsync(CreateTaskCommand.ByUser(UserId, agentId, request), cancellationToken);
    }

    /// <summary>Changes a task (any field, including <c>enabled</c>); its next run is recomputed.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<AgentTask> UpdateTaskAsync(string taskId, UpdateTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(request);
        return _engine.ExecuteAsync(new UpdateTaskCommand(UserId, taskId, request), cancellationToken);
    }

    /// <summary>Enables a task: it is scheduled again from now.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<AgentTask> EnableTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        UpdateTaskAsync(taskId, new UpdateTaskRequest { Enabled = true }, cancellationToken);

    /// <summary>Disables a task: it never fires (and its trigger URL answers 404) until enabled again.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<AgentTask> DisableTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        UpdateTaskAsync(taskId, new UpdateTaskRequest { Enabled = false }, cancellationToken);

    /// <summary>Deletes a task and its runs.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task DeleteTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        return _engine.ExecuteAsync(new DeleteTaskCommand(UserId, taskId), cancellationToken);
    }

    /// <summary>Runs a task now: a run is created and the agent gets <c>task_due</c>.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The new run id.</returns>
    public Task<string> RunTaskNowAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        return _engine.ExecuteAsync(new RunTaskNowCommand(UserId, taskId), cancellationToken);
    }

    /// <summary>A task's runs with their status and result, newest first.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="limit">At most this many, 1 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<TaskRun>> GetRunsAsync(string taskId, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        cancellationToken.ThrowIfCancellationRequested();
        CheckLimit(limit);
        var task = VisibleTask(taskId);
        return await _engine.Store.Runs.ListByTaskAsync(task.Id, limit, cancellationToken).ConfigureAwait(false);
    }

    // ---- Webhook deliveries ----

    /// <summary>An agent's webhook deliveries, newest first (PROTOCOL §7).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="status">Only this status, or <see langword="null"/> for all.</param>
    /// <param name="limit">At most this many, 1 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NodException">404 if the agent is not visible.</exception>
    public async Task<IReadOnlyList<WebhookDelivery>> GetDeliveriesAsync(string agentId, DeliveryStatus? status = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        CheckLimit(limit);
        var agent = VisibleAgent(agentId);
        return await _engine.Store.Deliveries.ListByAgentAsync(agent.Id, status, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a delivered or failed delivery again: a new series of signed attempts (retry number 0, reason <c>redelivery</c>), same event id.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="eventId">The event of the delivery.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The delivery, pending again.</returns>
    /// <exception cref="NodException">404 if unknown or not visible, 409 if it is still pending or the agent has no webhook URL.</exception>
    public Task<WebhookDelivery> RedeliverAsync(string agentId, string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(eventId);
        return _engine.ExecuteAsync(new RedeliverCommand(UserId, agentId, eventId), cancellationToken);
    }

    // ---- Live stream ----

    /// <summary>
    /// Opens the live stream: a snapshot first, then every event of the visible agents. With <paramref name="after"/>,
    /// everything after that <c>seq</c> is replayed first — no gap, no duplicate.
    /// </summary>
    /// <param name="after">Resume after this <c>seq</c>, or <see langword="null"/> for only what happens from now on.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<NodUserStream> SubscribeAsync(long? after = null, CancellationToken cancellationToken = default)
    {
        if (after is < 0)
        {
            throw NodException.Invalid("after must be 0 or more");
        }

        var (snapshot, subscription) = await _engine.ExecuteOwnedAsync(
            new SubscribeAppCommand(UserId, after), abandoned => abandoned.Subscription.DisposeAsync(), cancellationToken).ConfigureAwait(false);
        return new NodUserStream(snapshot, subscription);
    }

    /// <summary>Runs a read against the committed state; failures come back as a faulted (or cancelled) task, like every other call.</summary>
    private Task<T> Read<T>(Func<T> read, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            _engine.EnsureRunning();
            return Task.FromResult(read());
        }
        catch (NodException ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    private AgentRecord VisibleAgent(string agentId)
    {
        _engine.EnsureRunning();
        return _engine.Committed.Agents.TryGetValue(agentId, out var agent) && agent.IsVisibleTo(UserId)
            ? agent
            : throw NodException.NotFound($"agent {agentId} was not found");
    }

    private ConversationRecord VisibleConversation(string conversationId)
    {
        _engine.EnsureRunning();
        return _engine.Committed.Conversations.TryGetValue(conversationId, out var conversation) && IsVisible(conversation.AgentId)
            ? conversation
            : throw NodException.NotFound($"conversation {conversationId} was not found");
    }

    private TaskRecord VisibleTask(string taskId)
    {
        _engine.EnsureRunning();
        var state = _engine.Committed;
        if (state.Tasks.TryGetValue(taskId, out var task) && state.Agents.TryGetValue(task.AgentId, out var agent) && agent.IsVisibleTo(UserId))
        {
            CommandContext.RequireTasks(agent);
            return task;
        }

        throw NodException.NotFound($"task {taskId} was not found");
    }

    private bool IsVisible(string agentId) => _engine.Committed.Agents.TryGetValue(agentId, out var agent) && agent.IsVisibleTo(UserId);

    private HashSet<string> VisibleAgentIds() =>
        _engine.Committed.Agents.Values.Where(a => a.IsVisibleTo(UserId)).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);

    private static void CheckLimit(int limit)
    {
        if (limit is < 1 or > MaxPage)
        {
            throw NodException.Invalid($"limit must be between 1 and {MaxPage}");
        }
    }
}
