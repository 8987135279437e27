using LiteDB;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary>
/// <see cref="IEventLog"/>: oldest first, by (audience, agent, seq) ranges or one scan of the seq order (the id). Reads
/// stop at the durable head, so nothing a crash could still take back is ever handed to a subscriber.
/// </summary>
internal sealed class EventReader(LiteDbNodStore store) : IEventLog
{
    public ValueTask<long> GetHeadAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(store.DurableHead);

    public ValueTask<IReadOnlyList<NodEvent>> ReadAsync(EventLogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var db = store.Db;
        var head = store.DurableHead;
        if (query.AfterSeq >= head || query.AgentIds.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<NodEvent>>([]);
        }

        IEnumerable<NodEvent> page;
        if (AgentSetPlan.PerAgent(query.AgentIds))
        {
            var merged = new List<NodEvent>();
            foreach (var agentId in AgentSetPlan.Distinct(query.AgentIds))
            {
                var owner = SortKeys.Owner(query.Audience, agentId);
                var (low, high) = SortKeys.Between(owner, query.AfterSeq, head)!.Value;
                merged.AddRange(db.Events.Query()
                    .Where(Query.Between(EventDocument.AudienceAgentKey, low, high))
                    .OrderBy(EventDocument.AudienceAgentKey)
                    .Limit(query.Limit)
                    .ToEnumerable()
                    .Select(EventDocument.To));
            }

            page = merged.OrderBy(e => e.Seq).Take(query.Limit);
        }
        else
        {
            var agents = AgentSetPlan.AsSet(query.AgentIds);
            var audience = (int)query.Audience;
            page = db.Events.Query()
                .Where(Query.Between("_id", Math.Max(query.AfterSeq, 0) + 1, head))
                .OrderBy("_id")
                .ToEnumerable()
                .Where(doc => doc["aud"].AsInt32 == audience && agents.Contains(doc["agent"].AsString))
                .Take(query.Limit)
                .Select(EventDocument.To);
        }

        return ValueTask.FromResult<IReadOnlyList<NodEvent>>([.. page]);
    }
}
