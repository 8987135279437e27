using Microsoft.Extensions.Logging;

namespace Nod.Internal;

/// <summary>Nod's log messages: source-generated, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Nod engine started: {AgentCount} agents, {PendingCount} pending decisions, log at seq {Head}.")]
    public static partial void EngineStarted(ILogger logger, int agentCount, int pendingCount, long head);

    [LoggerMessage(1001, LogLevel.Information, "Nod engine stopped.")]
    public static partial void EngineStopped(ILogger logger);

    [LoggerMessage(1002, LogLevel.Error, "A command failed unexpectedly: {CommandType}.")]
    public static partial void CommandCrashed(ILogger logger, string commandType, Exception exception);

    [LoggerMessage(1003, LogLevel.Error, "The store failed to commit a batch of {Count} change sets; they were refused and the engine state was reset to what is committed.")]
    public static partial void CommitFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(1004, LogLevel.Warning, "A change set was not committed ({Status}): {Reason}")]
    public static partial void ChangeSetRefused(ILogger logger, string status, string reason);

    [LoggerMessage(1005, LogLevel.Error, "A deadline callback failed.")]
    public static partial void DeadlineCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(1006, LogLevel.Error, "Notification handler {Handler} failed on {Notification}.")]
    public static partial void NotificationHandlerFailed(ILogger logger, string handler, string notification, Exception exception);

    [LoggerMessage(1007, LogLevel.Warning, "Nod engine stop timed out; {Count} queued commands were refused.")]
    public static partial void StopTimedOut(ILogger logger, int count);

    [LoggerMessage(1009, LogLevel.Error, "A webhook attempt for event {EventId} failed unexpectedly; it is tried again shortly.")]
    public static partial void WebhookAttemptCrashed(ILogger logger, string eventId, Exception exception);

    [LoggerMessage(1010, LogLevel.Warning, "{Command}, posted by a timer, failed; it is tried again shortly.")]
    public static partial void TimerCommandRetried(ILogger logger, string command, Exception exception);

    [LoggerMessage(1008, LogLevel.Error, "Publishing a committed event failed (seq {Seq}); subscribers will catch up from the store.")]
    public static partial void PublishFailed(ILogger logger, long seq, Exception exception);

    [LoggerMessage(1011, LogLevel.Warning, "Nod did not stop cleanly last time: {AgentCount} agents left online and {BubbleCount} bubbles left on in the event log were logged off.")]
    public static partial void LoggedOffAfterUncleanStop(ILogger logger, int agentCount, int bubbleCount);
}
