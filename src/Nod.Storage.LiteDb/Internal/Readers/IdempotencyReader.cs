using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary><see cref="IIdempotencyStore"/>: one lookup by the (agent, key) id.</summary>
internal sealed class IdempotencyReader(LiteDbNodStore store) : IIdempotencyStore
{
    public ValueTask<IdempotencyRecord?> GetAsync(string agentId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(key);
        var doc = store.Db.Idempotency.FindById(IdempotencyDocument.IdOf(agentId, key));
        var record = doc is null ? null : IdempotencyDocument.To(doc);

        // A long key is stored under its hash: compare the full key too.
        return ValueTask.FromResult(record is not null && record.AgentId == agentId && record.Key == key ? record : null);
    }
}
