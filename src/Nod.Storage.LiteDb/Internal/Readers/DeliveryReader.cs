using LiteDB;
using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary><see cref="IDeliveryStore"/>: an agent's deliveries newest first by (agent, seq); the outbox by the pending flag.</summary>
internal sealed class DeliveryReader(LiteDbNodStore store) : IDeliveryStore
{
    public ValueTask<WebhookDelivery?> GetAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var doc = store.Db.Deliveries.FindById(eventId);
        return ValueTask.FromResult(doc is null ? null : DeliveryDocument.To(doc));
    }

    public ValueTask<IReadOnlyList<WebhookDelivery>> ListByAgentAsync(string agentId, DeliveryStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var query = store.Db.Deliveries.Query()
            .Where(Query.Between(DeliveryDocument.AgentKey, SortKeys.First(agentId), SortKeys.Last(agentId)));
        if (status is { } wanted)
        {
            query = query.Where(Query.EQ("status", (int)wanted));
        }

        return ValueTask.FromResult<IReadOnlyList<WebhookDelivery>>([.. query
            .OrderByDescending(DeliveryDocument.AgentKey)
            .Limit(limit)
            .ToEnumerable()
            .Select(DeliveryDocument.To)]);
    }

    public ValueTask<IReadOnlyList<WebhookDelivery>> ListPendingAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<WebhookDelivery>>([.. store.Db.Deliveries.Find(Query.EQ(DeliveryDocument.Pending, true))
            .Select(DeliveryDocument.To)
            .OrderBy(d => d.Seq)]);
}
