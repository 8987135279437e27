using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads the activity feed.</summary>
public interface IActivityStore
{
    /// <summary>A page of the feed.</summary>
    /// <remarks>Entries of the agents in <paramref name="agentIds"/> with <c>seq</c> below <paramref name="beforeSeq"/> (all when <see langword="null"/>), newest first, at most <paramref name="limit"/>.</remarks>
    /// <param name="agentIds">Only these agents' entries.</param>
    /// <param name="beforeSeq">Only entries with a smaller <c>seq</c>, or <see langword="null"/>.</param>
    /// <param name="limit">The most to return (positive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<ActivityEntry>> QueryAsync(IReadOnlyCollection<string> agentIds, long? beforeSeq, int limit, CancellationToken cancellationToken = default);
}
