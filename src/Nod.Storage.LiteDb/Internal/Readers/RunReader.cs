using LiteDB;
using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary><see cref="IRunStore"/>: a task's runs newest first as an index range; open runs by the running flag.</summary>
internal sealed class RunReader(LiteDbNodStore store) : IRunStore
{
    public ValueTask<TaskRun?> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        var doc = store.Db.Runs.FindById(runId);
        return ValueTask.FromResult(doc is null ? null : RunDocument.To(doc));
    }

    public ValueTask<IReadOnlyList<TaskRun>> ListByTaskAsync(string taskId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var (low, high) = RunDocument.RangeOf(taskId);
        return ValueTask.FromResult<IReadOnlyList<TaskRun>>([.. store.Db.Runs.Query()
            .Where(Query.Between(RunDocument.TaskKey, low, high))
            .OrderByDescending(RunDocument.TaskKey)
            .Limit(limit)
            .ToEnumerable()
            .Select(RunDocument.To)]);
    }

    public ValueTask<IReadOnlyList<TaskRun>> ListRunningAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<TaskRun>>([.. store.Db.Runs.Find(Query.EQ(RunDocument.Running, true))
            .Select(RunDocument.To)
            .OrderBy(r => r.StartedAt)
            .ThenBy(r => r.Id, StringComparer.Ordinal)]);
}
