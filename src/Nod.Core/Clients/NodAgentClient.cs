using System.Runtime.CompilerServices;
using Nod.Engine;
using Nod.Engine.Commands;
using Nod.Fanout;
using Nod.Internal;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;

namespace Nod;

/// <summary>
/// An agent talking to Nod in process: everything an agent can do over REST or WebSocket (PROTOCOL §3–§4), typed.
/// Created by <see cref="INodClientFactory"/>; a connected client keeps the agent online until it is disposed.
/// </summary>
/// <remarks>
/// Every event goes through the same validation as REST and WebSocket events. Thread-safe. A <see langword="null"/> id,
/// event or request throws <see cref="ArgumentNullException"/>; everything Nod refuses (an unknown id included) is a
/// <see cref="NodException"/>.
/// </remarks>
public sealed class NodAgentClient : IAsyncDisposable
{
    private const int MaxUpdatesPage = 100;
    private const int MaxIdempotencyKeyLength = 255;

    private readonly NodEngine _engine;
    private readonly AgentSessionInfo? _session;
    private readonly string? _connectionId;
    /// <summary>Set by the first <see cref="DisposeAsync"/> (the client is disposed from then on): later and concurrent calls wait for the same close.</summary>
    private TaskCompletionSource? _closed;

    private readonly string _secretHash;
    private readonly CancellationToken _ended;

    internal NodAgentClient(NodEngine engine, AgentRecord agent, AgentSessionInfo? session, string? connectionId)
    {
        _engine = engine;
        AgentId = agent.Id;
        _secretHash = agent.SecretHash;
        _session = session;
        _connectionId = connectionId;

        // Kept here: the token stays readable after the connection (and its token source) is disposed.
        _ended = session?.Token.Token ?? CancellationToken.None;
    }

    /// <summary>The agent's id.</summary>
    public string AgentId { get; }

    /// <summary>Whether this client holds a connection (the agent is online while it does).</summary>
    public bool IsConnected => _session is not null && !IsDisposed && !Ended.IsCancellationRequested;

    /// <summary>For a connected client: the agent's default conversation (as in <c>auth_ok</c>); otherwise <see langword="null"/>.</summary>
    public string? DefaultConversationId => _session?.DefaultConversationId;

    /// <summary>
    /// For a connected client: the position of the update log just before it connected, else <see langword="null"/>.
    /// Connecting hands the agent the runs that fell due or were triggered while it was away (<c>task_due</c> /
    /// <c>task_trigger</c>, which then leave <c>tasks/due</c> and <c>triggers/pending</c>); a subscription "from now" that
    /// would miss them, so <see cref="SubscribeUpdates"/> starts here by default.
    /// </summary>
    public long? ConnectedAfterSeq => _session?.ConnectedAfterSeq;

    /// <summary>Fires when Nod ends the connection: the secret was rotated, the agent deleted, or Nod is stopping.</summary>
    public CancellationToken Ended => _ended;

    /// <summary>Why Nod ended the connection, or <see langword="null"/> while it is open.</summary>
    public ConnectionEndReason? EndReason => _session?.Token.Reason;

    /// <summary>Sends any agent event (what REST and WebSocket do with a parsed body).</summary>
    /// <param name="agentEvent">The event; validated exactly like a REST body.</param>
    /// <param name="cancellationToken">Stops waiting (a queued event is still applied).</param>
    /// <returns>The REST response: <c>status</c> and the new id, if any.</returns>
    /// <exception cref="NodException">400 naming the field, 403, 404 …</exception>
    public Task<AgentEventResult> SendAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default) =>
        SendAsync(agentEvent, idempotencyKey: null, cancellationToken);

    /// <summary>
    /// Sends any agent event with an idempotency key (REST's <c>Idempotency-Key</c>): a repeat with the same key within
    /// <see cref="NodOptions.IdempotencyWindow"/> returns the first response and creates nothing new.
    /// </summary>
    /// <param name="agentEvent">The event; validated exactly like a REST body.</param>
    /// <param name="idempotencyKey">The key (at most 255 characters), or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops waiting (a queued event is still applied).</param>
    /// <returns>The response (the first one, for a repeat).</returns>
    /// <exception cref="NodException">400 naming the field, 403, 404 …</exception>
    public async Task<AgentEventResult> SendAsync(AgentEvent agentEvent, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentEvent);
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            throw NodException.Invalid($"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} characters");
        }

        _engine.Validator.EnsureValid(agentEvent);
        if (agentEvent is PingEvent)
        {
            Touch();
            return AgentEventResult.Ok;
        }

        if (agentEvent is AuthEvent)
        {
            throw NodException.Invalid("type 'auth' is only accepted as the first WebSocket frame");
        }

        Touch();
        var command = AgentEventCommands.For(AgentId, agentEvent);
        return await _engine.ExecuteAsync(
            idempotencyKey is null ? command : new IdempotentAgentEventCommand(AgentId, idempotencyKey, command), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts a chat message (markdown) to the default conversation or <paramref name="conversationId"/>.</summary>
    /// <param name="text">Markdown text.</param>
    /// <param name="conversationId">The conversation, or <see langword="null"/> for the default one.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The new message id.</returns>
    public async Task<string> SendMessageAsync(string text, string? conversationId = null, CancellationToken cancellationToken = default) =>
        (await SendAsync(new MessageEvent { Text = text, ConversationId = conversationId }, cancellationToken).ConfigureAwait(false)).MessageId!;

    /// <summary>Posts a message with every option: image, report card, task result.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The new message id.</returns>
    public async Task<string> SendMessageAsync(MessageEvent message, CancellationToken cancellationToken = default) =>
        (await SendAsync(message, cancellationToken).ConfigureAwait(false)).MessageId!;

    /// <summary>Creates a decision and returns at once with a task for its resolution.</summary>
    /// <param name="request">The request: title, description, kind, and options for a choice.</param>
    /// <param name="cancellationToken">Stops waiting for the creation.</param>
    public async Task<PendingDecision> RequestDecisionAsync(DecisionEvent request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _engine.Validator.EnsureValid(request);
        Touch();
        var command = new CreateDecisionCommand(AgentId, request, watch: true);
        var result = await _engine.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        return new PendingDecision(result.DecisionId!, command.Resolution!);
    }

    /// <summary>Creates a decision and waits until it is resolved (approved, rejected, answered, dismissed, expired or cancelled).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops waiting; the decision stays pending.</param>
    /// <exception cref="NodException">400 naming the field; 404 if the agent is deleted while waiting; 503 if Nod stops while waiting.</exception>
    public async Task<Decision> AskAsync(DecisionEvent request, CancellationToken cancellationToken = default)
    {
        var pending = await RequestDecisionAsync(request, cancellationToken).ConfigureAwait(false);
        return await pending.Resolution.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for one of the agent's decisions to be resolved; completes at once if it already is.</summary>
    /// <param name="decisionId">The decision.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<Decision> WaitForResolutionAsync(string decisionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisionId);
        Touch();
        var resolution = await _engine.ExecuteAsync(new WatchDecisionCommand(AgentId, decisionId), cancellationToken).ConfigureAwait(false);
        return await resolution.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The agent's decision as it is now.</summary>
    /// <param name="decisionId">The decision.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NodException">404 if it is unknown or another agent's.</exception>
    public async Task<Decision> GetDecisionAsync(string decisionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisionId);
        cancellationToken.ThrowIfCancellationRequested();
        Touch();
        var decision = await _engine.Store.Decisions.GetAsync(decisionId, cancellationToken).ConfigureAwait(false);
        return decision is not null && decision.AgentId == AgentId ? decision : throw NodException.NotFound($"decision {decisionId} was not found");
    }

    /// <summary>Withdraws a pending decision: it becomes <c>cancelled</c>.</summary>
    /// <param name="decisionId">The decision.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="NodException">404 if unknown, 409 if already resolved.</exception>
    public async Task<Decision> CancelDecisionAsync(string decisionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisionId);
        Touch();
        return await _engine.ExecuteAsync(new CancelDecisionCommand(AgentId, decisionId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Logs an action in the activity feed; while "Thinking…" shows, the bubble shows <paramref name="title"/>.</summary>
    /// <param name="title">One-line title.</param>
    /// <param name="text">Optional detail.</param>
    /// <param name="taskRunId">Optional task run.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The activity entry id.</returns>
    public async Task<string> AlertAsync(string title, string? text = null, string? taskRunId = null, CancellationToken cancellationToken = default) =>
        (await SendAsync(new AlertEvent { Title = title, Text = text, TaskRunId = taskRunId }, cancellationToken).ConfigureAwait(false)).ActivityId!;

    /// <summary>Logs a <c>system</c> activity entry such as <c>started</c>.</summary>
    /// <param name="action">What happened.</param>
    /// <param name="details">Optional details.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The activity entry id.</returns>
    public async Task<string> ReportStatusAsync(string action, string? details = null, CancellationToken cancellationToken = default)
    {
        var status = new StatusEvent { Action = action };
        if (details is not null)
        {
            status.Details = System.Text.Json.JsonSerializer.SerializeToElement(details, NodJsonContext.Default.String);
        }

        return (await SendAsync(status, cancellationToken).ConfigureAwait(false)).ActivityId!;
    }

    /// <summary>
    /// Turns the "Thinking…" bubble on; it clears itself <see cref="NodOptions.ProcessingTimeout"/> (30 s by default) after
    /// the last start, or <see cref="NodOptions.HeartbeatTimeout"/> after a later heartbeat.
    /// </summary>
    /// <param name="statusText">Optional bubble text.</param>
    /// <param name="conversationId">The conversation, or <see langword="null"/> for the default one.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task StartProcessingAsync(string? statusText = null, string? conversationId = null, CancellationToken cancellationToken = default) =>
        SendAsync(new ProcessingEvent { Signal = ProcessingSignal.Start, StatusText = statusText, ConversationId = conversationId }, cancellationToken);

    /// <summary>
    /// Keeps the bubble on and sets its text; send about every second while working (it clears
    /// <see cref="NodOptions.HeartbeatTimeout"/>, 5 s by default, after the last one).
    /// </summary>
    /// <param name="statusText">Optional bubble text; the current text stays when <see langword="null"/>.</param>
    /// <param name="conversationId">The conversation, or <see langword="null"/> for the default one.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task HeartbeatAsync(string? statusText = null, string? conversationId = null, CancellationToken cancellationToken = default) =>
        SendAsync(new ProcessingEvent { Signal = ProcessingSignal.Heartbeat, StatusText = statusText, ConversationId = conversationId }, cancellationToken);

    /// <summary>Turns the bubble off (<c>processing_stop</c>).</summary>
    /// <param name="conversationId">The conversation, or <see langword="null"/> for the default one.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task StopProcessingAsync(string? conversationId = null, CancellationToken cancellationToken = default) =>
        SendAsync(new ProcessingEvent { Signal = ProcessingSignal.Stop, ConversationId = conversationId }, cancellationToken);

    /// <summary>Turns the bubble off (<c>agent_idle</c>).</summary>
    /// <param name="conversationId">The conversation, or <see langword="null"/> for the default one.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task IdleAsync(string? conversationId = null, CancellationToken cancellationToken = default) =>
        SendAsync(new ProcessingEvent { Signal = ProcessingSignal.Idle, ConversationId = conversationId }, cancellationToken);

    /// <summary>Proposes a task; people see an approval card.</summary>
    /// <param name="proposal">The proposal.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The id of the approval decision.</returns>
    public async Task<string> ProposeTaskAsync(TaskProposalEvent proposal, CancellationToken cancellationToken = default) =>
        (await SendAsync(proposal, cancellationToken).ConfigureAwait(false)).DecisionId!;

    /// <summary>Creates a task for this (interactive) agent; <c>created_by</c> is <c>agent</c>.</summary>
    /// <param name="request">Name, prompt, schedule (cron, <c>once</c> with <c>run_at</c>, or <c>event</c>), optional time zone.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The task (an event task carries its trigger id and URL).</returns>
    /// <exception cref="NodException">400 naming the field, 403 for an approval-only agent.</exception>
    public async Task<AgentTask> CreateTaskAsync(CreateTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Touch();
        return await _engine.ExecuteAsync(CreateTaskCommand.ByAgent(AgentId, request), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The agent's tasks, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NodException">403 for an approval-only agent.</exception>
    public Task<IReadOnlyList<AgentTask>> GetTasksAsync(CancellationToken cancellationToken = default) => ReadTasks<IReadOnlyList<AgentTask>>(state =>
        [.. state.Tasks.Values.Where(t => t.AgentId == AgentId).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => TaskViews.From(t, _engine.Options))], cancellationToken);

    /// <summary>Tasks that fell due while the agent could not be told and that it has not started (<c>GET /api/agent/tasks/due</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<DueTask>> GetDueTasksAsync(CancellationToken cancellationToken = default) => ReadTasks<IReadOnlyList<DueTask>>(state =>
        [.. WaitingRuns(state, trigger: false).Select(w => new DueTask(w.Task.Id, w.Task.Name, w.Task.Prompt, w.Task.Schedule, w.Task.TriggerType, w.Task.Enabled, w.Run.Id))], cancellationToken);

    /// <summary>Triggers received while the agent was offline, oldest first (<c>GET /api/agent/tasks/triggers/pending</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<PendingTrigger>> GetPendingTriggersAsync(CancellationToken cancellationToken = default) => ReadTasks<IReadOnlyList<PendingTrigger>>(state =>
        [.. WaitingRuns(state, trigger: true).Select(w => new PendingTrigger(
            w.Run.EventId!, w.Task.Id, w.Task.Name, w.Task.Prompt,
            System.Text.Json.JsonDocument.Parse(w.Run.TriggerPayload!).RootElement.Clone(), w.Run.Id, w.Run.StartedAt))], cancellationToken);

    /// <summary>Starts a task (<c>run/start</c>): the run waiting for the agent if there is one, else a new run.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The run id to tag messages, alerts and decisions with, and to complete.</returns>
    public async Task<string> StartRunAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        Touch();
        return await _engine.ExecuteAsync(new StartRunCommand(AgentId, taskId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a run, completed or failed; a result is posted as the task-result bubble unless the run already has a message.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="request">Status, result, error.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="NodException">404 for another agent's or an unknown run, 409 if it already ended.</exception>
    public async Task CompleteRunAsync(string runId, CompleteRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(request);
        Touch();
        await _engine.ExecuteAsync(new CompleteRunCommand(AgentId, runId, request), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The <c>seq</c> of the newest committed event of the log (any agent's): an <c>after</c> beyond it is one this log
    /// never reached (a client that kept its position across a store reset), and polling from it would never return
    /// anything. REST answers such a poll with this as <c>next_after</c>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        return await _engine.Store.Events.GetHeadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One page of the agent's update log (<c>user_message</c>, <c>decision_resolved</c>, …) after <paramref name="after"/>,
    /// oldest first: how REST-only agents poll.
    /// </summary>
    /// <param name="after">Only updates with a larger <c>seq</c>.</param>
    /// <param name="limit">At most this many, 1 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<NodEvent>> GetUpdatesAsync(long after = 0, int limit = MaxUpdatesPage, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > MaxUpdatesPage)
        {
            throw NodException.Invalid($"limit must be between 1 and {MaxUpdatesPage}");
        }

        if (after < 0)
        {
            throw NodException.Invalid("after must be 0 or more");
        }

        cancellationToken.ThrowIfCancellationRequested();
        Touch();
        return await _engine.Store.Events.ReadAsync(new EventLogQuery(after, EventAudience.Agent, [AgentId], limit), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The agent's live update stream: every update after <paramref name="after"/> first (from the log), then live —
    /// no gap, no duplicate. Dispose the subscription to stop.
    /// </summary>
    /// <param name="after">
    /// Resume after this <c>seq</c>; <see langword="null"/> for what happens from now on — for a connected client, from
    /// the moment it connected (<see cref="ConnectedAfterSeq"/>), so runs handed over at connection are not missed.
    /// </param>
    public NodSubscription SubscribeUpdates(long? after = null)
    {
        if (after is < 0)
        {
            throw NodException.Invalid("after must be 0 or more");
        }

        Touch();
        return _engine.Hub.SubscribeAgent(AgentId, after ?? ConnectedAfterSeq);
    }

    /// <summary>The live update stream as typed frames (<see cref="UserMessageFrame"/>, <see cref="DecisionResolvedFrame"/>, …).</summary>
    /// <param name="after">Resume after this <c>seq</c>; <see langword="null"/> as for <see cref="SubscribeUpdates"/>.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    public async IAsyncEnumerable<AgentFrame> ReadUpdatesAsync(long? after = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var subscription = SubscribeUpdates(after);
        await using (subscription.ConfigureAwait(false))
        {
            await foreach (var update in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return (AgentFrame)update.Frame;
            }
        }
    }

    /// <summary>
    /// Closes the connection (the agent goes offline if it was its last); a non-connected client has nothing to close.
    /// Afterwards every call throws <see cref="ObjectDisposedException"/>. Idempotent: a repeated or concurrent call
    /// returns once the connection is closed.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _closed, closed, null) is { } closing)
        {
            return new ValueTask(closing.Task);
        }

        if (_session is null || _connectionId is null)
        {
            closed.SetResult();
            return ValueTask.CompletedTask;
        }

        return new ValueTask(CloseAsync(_connectionId, closed));
    }

    private async Task CloseAsync(string connectionId, TaskCompletionSource closed)
    {
        try
        {
            await _engine.ExecuteAsync(new DisconnectAgentCommand(AgentId, connectionId)).ConfigureAwait(false);
        }
        catch (NodException ex) when (ex.Kind == NodErrorKind.Unavailable)
        {
            // Nod is stopping: the connection is gone with it.
        }
        catch (Exception ex)
        {
            closed.SetException(ex);
            throw;
        }

        closed.SetResult();
    }

    /// <summary>
    /// Every call re-checks the credentials: an ended connection, a rotated secret or a deleted agent answer 401 at once,
    /// as they would over REST and WebSocket.
    /// </summary>
    private void Touch()
    {
        ThrowIfDisposed();
        _engine.EnsureRunning();
        if (_session?.Token.Reason is { } reason)
        {
            throw NodException.Unauthorized($"the connection of agent {AgentId} was ended by Nod ({Describe(reason)})");
        }

        if (!_engine.Committed.Agents.TryGetValue(AgentId, out var agent) || !string.Equals(agent.SecretHash, _secretHash, StringComparison.Ordinal))
        {
            throw NodException.Unauthorized($"the credentials of agent {AgentId} are no longer valid (secret rotated or agent deleted)");
        }

        _engine.LastSeen.Touch(AgentId, Timestamps.Now(_engine.Time));
    }

    private bool IsDisposed => Volatile.Read(ref _closed) is not null;

    private void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(NodAgentClient), $"this client of agent {AgentId} was disposed; connect or authenticate again");
        }
    }

    /// <summary>A task read: the agent must be allowed tasks (403 for approval-only); failures come back as a faulted (or cancelled) task.</summary>
    private Task<T> ReadTasks<T>(Func<EngineState, T> read, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            Touch();
            var state = _engine.Committed;
            CommandContext.RequireTasks(state.Agents.GetValueOrDefault(AgentId) ?? throw NodException.Unauthorized($"agent {AgentId} no longer exists"));
            return Task.FromResult(read(state));
        }
        catch (Exception ex) when (ex is NodException or ObjectDisposedException)
        {
            return Task.FromException<T>(ex);
        }
    }

    private IEnumerable<(TaskRecord Task, TaskRun Run)> WaitingRuns(EngineState state, bool trigger) =>
        state.OpenRuns.Values
            .Where(r => r.AgentId == AgentId && !r.Delivered && (r.TriggerEventId is not null) == trigger)
            .OrderBy(r => r.StartedAt)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => (Task: state.Tasks.GetValueOrDefault(r.TaskId), Run: r))
            .Where(w => w.Task is not null)
            .Select(w => (w.Task!, w.Run));

    private static string Describe(ConnectionEndReason reason) => reason switch
    {
        ConnectionEndReason.SecretRotated => "its secret was rotated",
        ConnectionEndReason.AgentDeleted => "the agent was deleted",
        _ => "Nod is shutting down",
    };
}
