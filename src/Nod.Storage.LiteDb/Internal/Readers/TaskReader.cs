using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary><see cref="ITaskStore"/> over the tasks collection.</summary>
internal sealed class TaskReader(LiteDbNodStore store) : ITaskStore
{
    public ValueTask<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        var doc = store.Db.Tasks.FindById(taskId);
        return ValueTask.FromResult(doc is null ? null : TaskDocument.To(doc));
    }

    public ValueTask<IReadOnlyList<TaskRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<TaskRecord>>([.. store.Db.Tasks.FindAll().Select(TaskDocument.To)]);
}
