using System.Collections.Concurrent;

namespace Nod.Storage.LiteDb.Tests.Infrastructure;

/// <summary>Passes everything to the real store and records how many change sets each <see cref="INodStore.CommitAsync"/> call carried.</summary>
public sealed class CountingStore(INodStore inner) : INodStore
{
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public IAgentStore Agents => inner.Agents;

    public IConversationStore Conversations => inner.Conversations;

    public IMessageStore Messages => inner.Messages;

    public IDecisionStore Decisions => inner.Decisions;

    public IRuleStore Rules => inner.Rules;

    public IActivityStore Activity => inner.Activity;

    public IEventLog Events => inner.Events;

    public IIdempotencyStore Idempotency => inner.Idempotency;

    public ITaskStore Tasks => inner.Tasks;

    public IRunStore Runs => inner.Runs;

    public IDeliveryStore Deliveries => inner.Deliveries;

    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default)
    {
        BatchSizes.Enqueue(changeSets.Count);
        return inner.CommitAsync(changeSets, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
