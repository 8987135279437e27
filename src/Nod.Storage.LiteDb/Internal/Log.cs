using Microsoft.Extensions.Logging;

namespace Nod.Storage.LiteDb.Internal;

/// <summary>The LiteDB store's log messages: source-generated, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "LiteDB store opened: {Location}, log at seq {Head}.")]
    public static partial void Opened(ILogger logger, string location, long head);

    [LoggerMessage(3001, LogLevel.Warning, "A write failed in a batch of {Count} change sets; committing each alone so only the failing one is refused.")]
    public static partial void BatchIsolated(ILogger logger, int count, Exception exception);

    [LoggerMessage(3002, LogLevel.Error, "A change set could not be written and was refused.")]
    public static partial void SetFailed(ILogger logger, Exception exception);

    [LoggerMessage(3003, LogLevel.Critical, "LiteDB could not make {Count} committed change sets durable (checkpoint failed); they are reported as failed and the store refuses further writes until the host restarts.")]
    public static partial void CheckpointFailed(ILogger logger, int count, Exception exception);
}
