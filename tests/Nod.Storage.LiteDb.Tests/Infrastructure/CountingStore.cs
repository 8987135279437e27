using System.Collections.Concurrent;
using Nod.Storage.Conformance;

namespace Nod.Storage.LiteDb.Tests.Infrastructure;

/// <summary>Passes everything to the real store and records how many change sets each <see cref="INodStore.CommitAsync"/> call carried.</summary>
public sealed class CountingStore(INodStore inner) : DelegatingNodStore(inner)
{
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public override ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default)
    {
        BatchSizes.Enqueue(changeSets.Count);
        return Inner.CommitAsync(changeSets, cancellationToken);
    }

}
