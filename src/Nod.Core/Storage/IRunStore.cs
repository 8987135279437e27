using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads task runs.</summary>
public interface IRunStore
{
    /// <summary>The run, or <see langword="null"/>.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<TaskRun?> GetAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>A task's runs, newest first.</summary>
    /// <remarks>Ordered by <see cref="TaskRun.StartedAt"/> descending, then id descending; at most <paramref name="limit"/>.</remarks>
    /// <param name="taskId">The task.</param>
    /// <param name="limit">The most to return (positive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<TaskRun>> ListByTaskAsync(string taskId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every run still running, oldest first (read at start-up to re-arm run timeouts).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<TaskRun>> ListRunningAsync(CancellationToken cancellationToken = default);
}
