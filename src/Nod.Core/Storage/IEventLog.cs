namespace Nod.Storage;

/// <summary>Reads the event log: every committed event, in <c>seq</c> order.</summary>
public interface IEventLog
{
    /// <summary>The highest <c>seq</c> ever committed, or 0 when the log is empty. Never goes down, even after deletions.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<long> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Events after a position, oldest first.</summary>
    /// <remarks>Events with <c>seq</c> above <see cref="EventLogQuery.AfterSeq"/> for <see cref="EventLogQuery.Audience"/> and one of <see cref="EventLogQuery.AgentIds"/>, ascending by <c>seq</c>, at most <see cref="EventLogQuery.Limit"/>.</remarks>
    /// <param name="query">What to read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<NodEvent>> ReadAsync(EventLogQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A read of the event log.</summary>
/// <param name="AfterSeq">Only events with a larger <c>seq</c>.</param>
/// <param name="Audience">Agent events or app events.</param>
/// <param name="AgentIds">Only these agents' events.</param>
/// <param name="Limit">The most to return (positive).</param>
public sealed record EventLogQuery(long AfterSeq, EventAudience Audience, IReadOnlyCollection<string> AgentIds, int Limit);
