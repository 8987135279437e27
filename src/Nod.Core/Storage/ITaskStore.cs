using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads tasks.</summary>
public interface ITaskStore
{
    /// <summary>The task, or <see langword="null"/>.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Every task, in no particular order (read once at start-up to arm the schedule).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<TaskRecord>> ListAsync(CancellationToken cancellationToken = default);
}
