using LiteDB;
using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary>
/// <see cref="IDecisionStore"/>: newest (highest creation seq) first, by (agent, seq) ranges or one scan of the seq
/// index, the status and conversation filters applied before the limit counts.
/// </summary>
internal sealed class DecisionReader(LiteDbNodStore store) : IDecisionStore
{
    /// <summary>Newest first; ties (equal seq) by id, as the in-memory store orders them.</summary>
    private static readonly Comparison<Decision> NewestFirst = static (a, b) =>
        a.Seq != b.Seq ? b.Seq.CompareTo(a.Seq) : string.CompareOrdinal(b.Id, a.Id);

    public ValueTask<Decision?> GetAsync(string decisionId, CancellationToken cancellationToken = default)
    {
        var doc = store.Db.Decisions.FindById(decisionId);
        return ValueTask.FromResult(doc is null ? null : DecisionDocument.To(doc));
    }

    public ValueTask<IReadOnlyList<Decision>> ListPendingAsync(CancellationToken cancellationToken = default)
    {
        var pending = store.Db.Decisions.Find(Query.EQ(DecisionDocument.Pending, true)).Select(DecisionDocument.To).ToList();
        pending.Sort((a, b) => NewestFirst(b, a));
        return ValueTask.FromResult<IReadOnlyList<Decision>>(pending);
    }

    public ValueTask<IReadOnlyList<Decision>> QueryAsync(DecisionStoreQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        if (query.BeforeSeq is <= 0 || query.AgentIds.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<Decision>>([]);
        }

        var collection = store.Db.Decisions;
        var found = new List<Decision>();
        if (AgentSetPlan.PerAgent(query.AgentIds))
        {
            foreach (var agentId in AgentSetPlan.Distinct(query.AgentIds))
            {
                var (low, high) = SortKeys.Below(agentId, query.BeforeSeq)!.Value;
                var rows = collection.Query()
                    .Where(Query.Between(DecisionDocument.AgentKey, low, high))
                    .OrderByDescending(DecisionDocument.AgentKey)
                    .ToEnumerable();
                TakeMatches(rows, query, _ => true, found);
            }
        }
        else
        {
            var agents = AgentSetPlan.AsSet(query.AgentIds);
            var rows = collection.Query();
            if (query.BeforeSeq is { } before)
            {
                rows = rows.Where(Query.LT(DecisionDocument.Seq, before));
            }

            TakeMatches(rows.OrderByDescending(DecisionDocument.Seq).ToEnumerable(), query, agents.Contains, found);
        }

        found.Sort(NewestFirst);
        return ValueTask.FromResult<IReadOnlyList<Decision>>(found.Count > query.Limit ? found[..query.Limit] : found);
    }

    /// <summary>Adds the rows (newest first) that pass the filters until the limit is reached, ties with the last one included.</summary>
    private static void TakeMatches(IEnumerable<BsonDocument> rows, DecisionStoreQuery query, Func<string, bool> agentMatches, List<Decision> found)
    {
        var taken = 0;
        long lastSeq = 0;
        foreach (var doc in rows)
        {
            var seq = doc[DecisionDocument.Seq].AsInt64;
            if (taken >= query.Limit && seq != lastSeq)
            {
                return;
            }

            if (!agentMatches(doc["agent"].AsString))
            {
                continue;
            }

            var decision = DecisionDocument.To(doc);
            var passes = query.Status switch
            {
                DecisionFilter.Pending => decision.IsPending,
                DecisionFilter.Resolved => !decision.IsPending,
                _ => true,
            } && (query.ConversationId is null || decision.ConversationId == query.ConversationId);
            if (passes)
            {
                found.Add(decision);
                taken++;
                lastSeq = seq;
            }
        }
    }
}
