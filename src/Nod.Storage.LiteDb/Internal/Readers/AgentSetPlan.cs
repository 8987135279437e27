namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary>
/// How a query over a set of agents reads: one index range per agent (then a merge) while the set is small, one scan
/// of the seq order with a filter when it is large. A user sees a handful of agents; a range per agent then reads
/// only their rows however many other agents there are.
/// </summary>
internal static class AgentSetPlan
{
    /// <summary>The largest set read with one range per agent.</summary>
    public const int MaxRangesPerQuery = 16;

    public static bool PerAgent(IReadOnlyCollection<string> agentIds) => agentIds.Count <= MaxRangesPerQuery;

    public static IReadOnlySet<string> AsSet(IReadOnlyCollection<string> ids) =>
        ids as IReadOnlySet<string> ?? new HashSet<string>(ids, StringComparer.Ordinal);

    /// <summary>The distinct ids (a set may repeat in a plain collection), for one range each.</summary>
    public static IEnumerable<string> Distinct(IReadOnlyCollection<string> ids) => ids.Distinct(StringComparer.Ordinal);
}
