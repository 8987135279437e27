using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads decisions.</summary>
public interface IDecisionStore
{
    /// <summary>The decision, or <see langword="null"/>.</summary>
    /// <param name="decisionId">The decision id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<Decision?> GetAsync(string decisionId, CancellationToken cancellationToken = default);

    /// <summary>Every pending decision, oldest first (read at start-up to re-arm expiries).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<Decision>> ListPendingAsync(CancellationToken cancellationToken = default);

    /// <summary>A page of decisions.</summary>
    /// <remarks>Decisions of the agents in <see cref="DecisionStoreQuery.AgentIds"/> that pass the filters, newest (highest <c>seq</c>) first, at most <see cref="DecisionStoreQuery.Limit"/>.</remarks>
    /// <param name="query">What to list.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<Decision>> QueryAsync(DecisionStoreQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A query over decisions.</summary>
/// <param name="AgentIds">Only these agents' decisions.</param>
/// <param name="Status">Pending, resolved or all.</param>
/// <param name="ConversationId">Only this conversation's, or <see langword="null"/>.</param>
/// <param name="BeforeSeq">Only with a smaller <c>seq</c>, or <see langword="null"/>.</param>
/// <param name="Limit">The most to return (positive).</param>
public sealed record DecisionStoreQuery(
    IReadOnlyCollection<string> AgentIds, DecisionFilter Status, string? ConversationId, long? BeforeSeq, int Limit);
