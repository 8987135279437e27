using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nod.Deadlines;
using Nod.Fanout;
using Nod.Internal;
using Nod.Model;
using Nod.Notifications;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.Engine;

/// <summary>
/// The single writer (invariant 1). Commands wait in one bounded channel; the loop takes whatever is waiting (up to
/// <see cref="NodOptions.MaxBatchSize"/>), prepares each against the working state, commits them to the store in one
/// call (group commit), then — only for what committed — updates the committed state, publishes the events, arms
/// timers and answers the callers (invariant 2: persist, then publish).
/// </summary>
internal sealed class NodEngine : IAsyncDisposable
{
    private readonly Channel<EngineCommand> _commands;
    private readonly FanoutHub _hub;
    private readonly INodEventPublisher _publisher;
    private readonly DeadlineQueue _deadlines;
    private readonly NotificationDispatcher _notifications;
    private readonly ILogger<NodEngine> _logger;
    private readonly TimeProvider _time;
    private readonly KeyedTimers<string> _decisionTimers;
    private readonly KeyedTimers<(string AgentId, string ConversationId)> _indicatorTimers;
    private readonly KeyedTimers<string> _taskTimers;
    private readonly KeyedTimers<string> _runTimers;
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Action<ChangeSet>> _observers = [];
    private EngineState _working = new();
    private volatile EngineState _committed = new();
    private Task? _loop;
    private int _lifecycle;
    private int _disposed;

    private const int NotStarted = 0;
    private const int Started = 1;
    private const int Ended = 2;

    public NodEngine(
        INodStore store,
        FanoutHub hub,
        INodEventPublisher publisher,
        DeadlineQueue deadlines,
        NotificationDispatcher notifications,
        IOptions<NodOptions> options,
        TimeProvider time,
        ILogger<NodEngine> logger)
    {
        Store = store;
        _hub = hub;
        _publisher = publisher;
        _deadlines = deadlines;
        _notifications = notifications;
        Options = options.Value;
        _time = time;
        _logger = logger;
        Validator = new AgentEventValidator(Options.Limits);
        _decisionTimers = new(deadlines);
        _indicatorTimers = new(deadlines);
        _taskTimers = new(deadlines);
        _runTimers = new(deadlines);
        _commands = Channel.CreateBounded<EngineCommand>(new BoundedChannelOptions(Options.CommandQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public NodOptions Options { get; }

    public INodStore Store { get; }

    public AgentEventValidator Validator { get; }

    public TimeProvider Time => _time;

    /// <summary>State as committed: safe to read from any thread.</summary>
    public EngineState Committed => _committed;

    public FanoutHub Hub => _hub;

    public DecisionWaiters Waiters { get; } = new();

    public ConnectionRegistry Connections { get; } = new();

    /// <summary>When each agent last called Nod, in memory (persisted when it connects or disconnects).</summary>
    public LastSeenTracker LastSeen { get; } = new();

    public bool IsRunning => Volatile.Read(ref _lifecycle) == Started;

    /// <summary>Throws <see cref="NodErrorKind.Unavailable"/> unless the engine is running (reads check this too).</summary>
    public void EnsureRunning()
    {
        switch (Volatile.Read(ref _lifecycle))
        {
            case NotStarted:
                throw new NodException(NodErrorKind.Unavailable, "Nod has not started yet: start the host first (IHost.StartAsync or app.Run)");
            case Ended:
                throw Stopped();
        }
    }

    /// <summary>Opens the store, loads the state, re-arms the deadlines and starts the loop.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _lifecycle, Started, NotStarted) != NotStarted)
        {
            return;
        }

        long head;
        EngineState state;
        try
        {
            await Store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            head = await Store.Events.GetHeadAsync(cancellationToken).ConfigureAwait(false);
            state = await EngineState.LoadAsync(Store, cancellationToken).ConfigureAwait(false);

            // A stored next run was computed by the schedule rules of the version that stored it: an earlier occurrence under
            // today's rules (e.g. cron's either-day rule) is the one to wait for.
            state.BringSchedulesForward(Timestamps.Now(_time));
            _committed = state;
            _working = state.Clone();
            _hub.Start(head);
            await GoOfflineAfterUncleanStopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing will ever run the queued commands: refuse them rather than leave callers waiting.
            Volatile.Write(ref _lifecycle, Ended);
            _commands.Writer.TryComplete();
            RefuseQueued();
            throw;
        }

        foreach (var decision in state.Pending.Values)
        {
            ArmDecision(decision);
        }

        // Tasks due while the host was down fire now, once each; runs past their timeout time out now.
        foreach (var task in state.Tasks.Values)
        {
            ArmTask(task);
        }

        foreach (var run in state.OpenRuns.Values)
        {
            ArmRun(run);
        }

        ScheduleIdempotencyPurge();
        _notifications.Start();
        _loop = Task.Run(() => RunAsync(_abort.Token), CancellationToken.None);
        Log.EngineStarted(_logger, state.Agents.Count, state.Pending.Count, _hub.LastPublishedSeq);
    }

    /// <summary>
    /// Stops taking commands, lets the queued ones finish, then stops. If <paramref name="cancellationToken"/> fires
    /// first, whatever is still queued is refused with <see cref="NodErrorKind.Unavailable"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var wasRunning = Interlocked.Exchange(ref _lifecycle, Ended) == Started;
        _commands.Writer.TryComplete();
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (wasRunning && Volatile.Read(ref _disposed) == 0)
                {
                    await RunAloneAsync(new Commands.GoOfflineOnStopCommand(), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                try
                {
                    await _abort.CancelAsync().ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    // Disposed meanwhile: the loop was aborted by that.
                }

                await _loop.ConfigureAwait(false);
            }
        }

        var refused = RefuseQueued();
        if (refused > 0)
        {
            Log.StopTimedOut(_logger, refused);
        }

        Connections.RevokeEverything(ConnectionEndReason.ShuttingDown);
        _hub.CompleteAll();
        Waiters.FailAll(Stopped());
        await _notifications.StopAsync(cancellationToken).ConfigureAwait(false);
        Log.EngineStopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        // Hosts may dispose twice (the container, then a factory that owns it); the second time there is nothing left to do.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _commands.Writer.TryComplete();
        await _abort.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        RefuseQueued();
        _abort.Dispose();
    }

    /// <summary>Queues a command and waits for its result (committed, or refused).</summary>
    public async Task<TResult> ExecuteAsync<TResult>(EngineCommand<TResult> command, CancellationToken cancellationToken = default)
    {
        await EnqueueAsync(command, cancellationToken).ConfigureAwait(false);

        // Once queued the command runs even if this caller stops waiting: a write is never half-done.
        return await command.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Like <see cref="ExecuteAsync{TResult}"/>, for a command that hands its caller something to release (an open
    /// connection, a subscription): if the caller stops waiting after the command was queued, what it would have got
    /// is released as soon as it exists, instead of being left open with nobody holding it.
    /// </summary>
    public async Task<TResult> ExecuteOwnedAsync<TResult>(EngineCommand<TResult> command, Func<TResult, ValueTask> release, CancellationToken cancellationToken)
    {
        await EnqueueAsync(command, cancellationToken).ConfigureAwait(false);
        try
        {
            return await command.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = command.Completion.ContinueWith(
                static (done, state) => ((Func<TResult, ValueTask>)state!)(done.Result).AsTask(),
                release,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default).Unwrap();
            throw;
        }
    }

    private async ValueTask EnqueueAsync(EngineCommand command, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _lifecycle) == NotStarted)
        {
            EnsureRunning();
        }

        try
        {
            await _commands.Writer.WriteAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw Stopped();
        }
    }

    /// <summary>
    /// Queues a command from a timer: never blocks the timer thread. If it fails (its commit failed, or a bug), a fresh
    /// one is posted again after <see cref="TimerRetryDelay"/>, so an expiry or a due task is never lost to a passing
    /// store error.
    /// </summary>
    public void PostFromTimer(Func<EngineCommand<bool>> create)
    {
        var command = create();

        // Observed where the failure happens (on the loop, in order), so the retry is armed before anything queued later runs.
        command.FailureObserver = error =>
        {
            if (error is NodException { Kind: NodErrorKind.Unavailable } || !IsRunning)
            {
                return;
            }

            Log.TimerCommandRetried(_logger, command.GetType().Name, error);
            _deadlines.Schedule(_time.GetUtcNow() + TimerRetryDelay, () => PostFromTimer(create));
        };
        Post(command);
    }

    /// <summary>Queues a command without waiting: never blocks the caller.</summary>
    public void Post(EngineCommand command)
    {
        if (!_commands.Writer.TryWrite(command))
        {
            _ = PostSlowlyAsync(command);
        }
    }

    private void ArmIndicator(Indicator indicator) =>
        _indicatorTimers.Arm((indicator.AgentId, indicator.ConversationId), indicator.AgentId, indicator.ExpiresAt,
            () => PostFromTimer(() => new Commands.ExpireIndicatorCommand(indicator.AgentId, indicator.ConversationId)));

    private void ArmDecision(Decision decision)
    {
        if (decision.ExpiresAt is { } expiresAt)
        {
            _decisionTimers.Arm(decision.Id, decision.AgentId, expiresAt, () => PostFromTimer(() => new Commands.ExpireDecisionCommand(decision.Id)));
        }
    }

    private void ArmTask(TaskRecord task)
    {
        if (task is { Enabled: true, NextRunAt: { } dueAt })
        {
            _taskTimers.Arm(task.Id, task.AgentId, dueAt, () => PostFromTimer(() => new Commands.TaskDueCommand(task.Id, dueAt)));
        }
        else
        {
            _taskTimers.Cancel(task.Id);
        }
    }

    private void ArmRun(TaskRun run)
    {
        if (run is { IsRunning: true, TimeoutAt: { } timeoutAt })
        {
            _runTimers.Arm(run.Id, run.AgentId, timeoutAt, () => PostFromTimer(() => new Commands.ExpireRunCommand(run.Id)));
        }
        else
        {
            _runTimers.Cancel(run.Id);
        }
    }

    /// <summary>
    /// Registers a component that reacts to what was committed (the webhook dispatcher arms its attempts). Observers run
    /// on the engine loop after publication and must be quick; register before <see cref="StartAsync"/>.
    /// </summary>
    internal void Observe(Action<ChangeSet> observer) => _observers.Add(observer);

    /// <summary>Forgets expired idempotency keys once an hour.</summary>
    internal void ScheduleIdempotencyPurge() =>
        _deadlines.Schedule(_time.GetUtcNow() + IdempotencyPurgeInterval, () => PostFromTimer(() => new Commands.PurgeIdempotencyCommand()));

    private static readonly TimeSpan IdempotencyPurgeInterval = TimeSpan.FromHours(1);

    /// <summary>How long a failed timer command waits before it is tried again.</summary>
    internal static readonly TimeSpan TimerRetryDelay = TimeSpan.FromSeconds(5);

    private static NodException Stopped() => new(NodErrorKind.Unavailable, "Nod is not running (stopped or shutting down)");

    private async Task PostSlowlyAsync(EngineCommand command)
    {
        try
        {
            await _commands.Writer.WriteAsync(command).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            command.Fail(Stopped());
        }
    }

    /// <summary>
    /// A crash or a kill skips <see cref="StopAsync"/>: the log may end with agents online and bubbles on that the state
    /// just loaded has off. The stop's command runs now on what the stored records say the log left on, before any command
    /// is served, so an app that resumes with <c>after</c> replays to what its snapshot shows. After a graceful stop the
    /// records say nothing is on, and nothing is logged twice.
    /// </summary>
    private async Task GoOfflineAfterUncleanStopAsync(CancellationToken cancellationToken)
    {
        // Only the working copy: the committed one gets the outcome once it is committed, or keeps nothing of it.
        var (agents, bubbles) = _working.RestoreLoggedOnState(Timestamps.Now(_time));
        if (agents + bubbles == 0)
        {
            return;
        }

        var command = new Commands.GoOfflineOnStopCommand(uncleanStop: true);
        await RunAloneAsync(command, cancellationToken).ConfigureAwait(false);
        if (!command.Completion.IsCompletedSuccessfully)
        {
            // Nod starts anyway (the failure is logged) without what was restored: a placeholder connection left behind would
            // keep its agent online for good. The records keep their flags, so the next start tries again.
            _working = _committed.Clone();
            return;
        }

        Log.LoggedOffAfterUncleanStop(_logger, agents, bubbles);
    }

    /// <summary>
    /// Runs one command while the loop is not running — before it starts or once it has ended — so nothing else writes;
    /// a failure is logged, not thrown.
    /// </summary>
    private async Task RunAloneAsync(EngineCommand command, CancellationToken cancellationToken)
    {
        var context = new CommandContext(this, _working, new ChangeSet(), Timestamps.Now(_time));
        if (!await PrepareAsync(command, context).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await CommitAsync([(command, context)], cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Stopping goes on: the store refusing this last change must not hide the stop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CommitFailed(_logger, 1, ex);
            command.Fail(ex);
        }
    }

    private int RefuseQueued()
    {
        var count = 0;
        while (_commands.Reader.TryRead(out var command))
        {
            command.Fail(Stopped());
            count++;
        }

        return count;
    }

    private async Task RunAsync(CancellationToken abort)
    {
        var reader = _commands.Reader;
        var batch = new List<(EngineCommand Command, CommandContext Context)>(Options.MaxBatchSize);
        try
        {
            while (await reader.WaitToReadAsync(abort).ConfigureAwait(false))
            {
                while (batch.Count < Options.MaxBatchSize && reader.TryRead(out var command))
                {
                    var context = new CommandContext(this, _working, new ChangeSet(), Timestamps.Now(_time));
                    if (await PrepareAsync(command, context).ConfigureAwait(false))
                    {
                        batch.Add((command, context));
                    }
                }

                if (batch.Count > 0)
                {
                    try
                    {
                        await CommitAsync(batch, abort).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (abort.IsCancellationRequested)
                    {
                        throw;
                    }
#pragma warning disable CA1031 // The loop must outlive any bug: fail this batch, keep serving.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        Log.CommitFailed(_logger, batch.Count, ex);
                        foreach (var (command, _) in batch)
                        {
                            command.Fail(ex);
                        }

                        _working = _committed.Clone();
                    }

                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            foreach (var (command, _) in batch)
            {
                command.Fail(Stopped());
            }
        }
    }

    private async ValueTask<bool> PrepareAsync(EngineCommand command, CommandContext context)
    {
        try
        {
            await command.ExecuteAsync(context).ConfigureAwait(false);
            context.CarryLoggedState();
            _working.Apply(context.Changes);
            NodTelemetry.CommandsProcessed.Add(1);
            return true;
        }
        catch (NodException ex)
        {
            NodTelemetry.CommandsRefused.Add(1);
            command.Fail(ex);
        }
#pragma warning disable CA1031 // A bug in one command must not stop the engine (invariant 8).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CommandCrashed(_logger, command.GetType().Name, ex);
            command.Fail(ex);
        }

        return false;
    }

    private async Task CommitAsync(List<(EngineCommand Command, CommandContext Context)> batch, CancellationToken abort)
    {
        var toStore = new List<ChangeSet>(batch.Count);
        foreach (var (_, context) in batch)
        {
            if (!context.Changes.IsEmpty)
            {
                toStore.Add(context.Changes);
            }
        }

        IReadOnlyList<CommitOutcome> outcomes;
        using var trace = NodTelemetry.ActivitySource.StartActivity("nod.commit");
        trace?.SetTag("nod.batch_size", batch.Count);
        var started = _time.GetTimestamp();
        try
        {
            outcomes = toStore.Count == 0 ? [] : await Store.CommitAsync(toStore, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The store failing must fail these commands, not the engine.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CommitFailed(_logger, toStore.Count, ex);
            outcomes = [.. toStore.Select(_ => CommitOutcome.Failed(ex))];
        }

        NodTelemetry.BatchSize.Record(batch.Count);
        NodTelemetry.CommitDuration.Record(_time.GetElapsedTime(started).TotalSeconds);

        var anyRefused = false;
        var next = 0;
        foreach (var (command, context) in batch)
        {
            var outcome = context.Changes.IsEmpty ? CommitOutcome.Committed : outcomes[next++];
            if (outcome.Status == CommitStatus.Committed)
            {
                try
                {
                    AfterCommit(context.Changes);
                    command.Complete(context);
                }
#pragma warning disable CA1031 // A failing completion must not stop the engine.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.CommandCrashed(_logger, command.GetType().Name, ex);
                    command.Fail(ex);
                }
            }
            else
            {
                anyRefused = true;
                Log.ChangeSetRefused(_logger, outcome.Status.ToString(), outcome.Error?.Message ?? "unknown");
                command.Fail(outcome.Status == CommitStatus.Conflict
                    ? NodException.Conflict("the change conflicts with one made elsewhere; it was not applied")
                    : outcome.Error ?? new InvalidOperationException("The store did not commit the change."));
            }
        }

        if (anyRefused)
        {
            // The working state ran ahead with changes that never committed: start again from the truth.
            _working = _committed.Clone();
        }
    }

    /// <summary>
    /// Hands a commit's events to the publisher; an event it fails to deliver is caught up from the log. Readers are
    /// woken once the whole commit is out, so each wakes once for all of its events.
    /// </summary>
    private void Publish(IReadOnlyList<NodEvent> events)
    {
        _hub.HoldWakeUps();
        try
        {
            foreach (var committed in events)
            {
                try
                {
                    _publisher.Publish(committed);
                    NodTelemetry.EventsPublished.Add(1);
                }
#pragma warning disable CA1031 // A broken backplane must not stop the engine; subscribers catch up from the log.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.PublishFailed(_logger, committed.Seq, ex);
                    _hub.PublishFailed(committed);
                }
            }
        }
        finally
        {
            _hub.ReleaseWakeUps();
        }
    }

    /// <summary>Everything that follows a commit, in an order that keeps subscribers exact.</summary>
    private void AfterCommit(ChangeSet changes)
    {
        // Runs of deleted tasks vanish with them: their timeouts go too (read before the state forgets them).
        foreach (var run in changes.DeletedTasks.Count == 0 ? [] : _committed.OpenRuns.Values.Where(r => changes.DeletedTasks.Contains(r.TaskId)).ToList())
        {
            _runTimers.Cancel(run.Id);
        }

        var delta = _committed.Apply(changes);
        _working.TakeSealedSeqs(changes);
        foreach (var run in changes.Runs)
        {
            // Committed: from now on the store answers for it.
            _working.UncommittedEndedRuns.TryRemove(run.Id, out _);
            _committed.UncommittedEndedRuns.TryRemove(run.Id, out _);
        }

        foreach (var (userId, agentId) in delta.Granted)
        {
            _hub.Grant(userId, agentId);
        }

        Publish(changes.Events);

        foreach (var (userId, agentId) in delta.Revoked)
        {
            _hub.Revoke(userId, agentId);
        }

        foreach (var agentId in delta.SecretRotated)
        {
            Connections.RevokeAll(agentId, ConnectionEndReason.SecretRotated);
        }

        foreach (var agent in delta.Deleted)
        {
            _hub.RemoveAgent(agent.Id);
            Connections.RevokeAll(agent.Id, ConnectionEndReason.AgentDeleted);
            _decisionTimers.CancelAgent(agent.Id);
            _indicatorTimers.CancelAgent(agent.Id);
            _taskTimers.CancelAgent(agent.Id);
            _runTimers.CancelAgent(agent.Id);
        }

        foreach (var write in changes.Decisions)
        {
            var decision = write.Decision;
            if (decision.IsPending)
            {
                ArmDecision(decision);
            }
            else
            {
                _decisionTimers.Cancel(decision.Id);

                Waiters.Resolve(decision);
            }
        }

        foreach (var delivery in changes.Deliveries)
        {
            _working.UncommittedDeliveries.TryRemove(delivery.EventId, out _);
            _committed.UncommittedDeliveries.TryRemove(delivery.EventId, out _);
        }

        foreach (var record in changes.IdempotencyRecords)
        {
            // Committed: from now on the store answers repeats.
            _working.UncommittedIdempotency.TryRemove((record.AgentId, record.Key), out _);
            _committed.UncommittedIdempotency.TryRemove((record.AgentId, record.Key), out _);
        }

        foreach (var (agentId, conversationId, indicator) in changes.IndicatorChanges)
        {
            if (indicator is not null)
            {
                ArmIndicator(indicator);
            }
            else
            {
                _indicatorTimers.Cancel((agentId, conversationId));
            }
        }

        foreach (var taskId in changes.DeletedTasks)
        {
            _taskTimers.Cancel(taskId);
        }

        foreach (var task in changes.Tasks)
        {
            ArmTask(task);
        }

        foreach (var run in changes.Runs)
        {
            ArmRun(run);
        }

        if (_notifications.HasHandlers)
        {
            Notify(changes);
        }

        foreach (var observer in _observers)
        {
            observer(changes);
        }
    }

    private void Notify(ChangeSet changes)
    {
        foreach (var committed in changes.Events)
        {
            if (!_committed.Agents.TryGetValue(committed.AgentId, out var agent))
            {
                continue;
            }

            NodNotification? notification = committed.Frame switch
            {
                DecisionCreatedFrame { Decision.IsPending: true } created when _committed.Pending.ContainsKey(created.Decision.Id) =>
                    new DecisionCreatedNotification { Decision = created.Decision, AgentId = agent.Id, AgentName = agent.Name, UserIds = [agent.OwnerId, .. agent.SharedWith], CreatedAt = committed.CreatedAt },
                MessageCreatedFrame { Message.Sender: MessageSender.Agent } message =>
                    new AgentMessageNotification { Message = message.Message, AgentId = agent.Id, AgentName = agent.Name, UserIds = [agent.OwnerId, .. agent.SharedWith], CreatedAt = committed.CreatedAt },
                TaskRunUpdatedFrame { Run.Status: not TaskRunStatus.Running } finished =>
                    new TaskRunFinishedNotification { Run = finished.Run, AgentId = agent.Id, AgentName = agent.Name, UserIds = [agent.OwnerId, .. agent.SharedWith], CreatedAt = committed.CreatedAt },
                _ => null,
            };
            if (notification is not null)
            {
                _notifications.Enqueue(notification);
            }
        }
    }
}
