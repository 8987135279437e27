using LiteDB;
using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary><see cref="IActivityStore"/>: newest first, by (agent, seq) ranges or one scan of the seq order (the id).</summary>
internal sealed class ActivityReader(LiteDbNodStore store) : IActivityStore
{
    public ValueTask<IReadOnlyList<ActivityEntry>> QueryAsync(IReadOnlyCollection<string> agentIds, long? beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (beforeSeq is <= 1 || agentIds.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<ActivityEntry>>([]);
        }

        var collection = store.Db.Activity;
        IEnumerable<ActivityEntry> page;
        if (AgentSetPlan.PerAgent(agentIds))
        {
            var merged = new List<ActivityEntry>();
            foreach (var agentId in AgentSetPlan.Distinct(agentIds))
            {
                var (low, high) = SortKeys.Below(agentId, beforeSeq)!.Value;
                merged.AddRange(collection.Query()
                    .Where(Query.Between(ActivityDocument.AgentKey, low, high))
                    .OrderByDescending(ActivityDocument.AgentKey)
                    .Limit(limit)
                    .ToEnumerable()
                    .Select(ActivityDocument.To));
            }

            page = merged.OrderByDescending(a => a.Seq).Take(limit);
        }
        else
        {
            var agents = AgentSetPlan.AsSet(agentIds);
            var query = collection.Query();
            if (beforeSeq is { } before)
            {
                query = query.Where(Query.LT("_id", before));
            }

            page = query.OrderByDescending("_id")
                .ToEnumerable()
                .Where(doc => agents.Contains(doc["agent"].AsString))
                .Take(limit)
                .Select(ActivityDocument.To);
        }

        return ValueTask.FromResult<IReadOnlyList<ActivityEntry>>([.. page]);
    }
}
