using Microsoft.Extensions.DependencyInjection;
using Nod.Storage;
using Nod.Storage.Conformance;
using Nod.Storage.InMemory;

namespace Nod.Core.Tests.Engine;

/// <summary>The in-memory store, except that it refuses (as a failed write) the next change sets matching a condition.</summary>
internal sealed class FailingStore(Func<ChangeSet, bool> shouldFail, int times = 1) : DelegatingNodStore(new InMemoryNodStore())
{
    private readonly int _times = times;
    private int _remaining = times;

    /// <summary>How many change sets it refused.</summary>
    public int Refused => _times - Math.Max(0, Volatile.Read(ref _remaining));

    public void Register(IServiceCollection services) => services.AddSingleton<INodStore>(this);

    public override async ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default)
    {
        var outcomes = new CommitOutcome[changeSets.Count];
        var passing = new List<(int Index, ChangeSet Set)>();
        for (var i = 0; i < changeSets.Count; i++)
        {
            if (Volatile.Read(ref _remaining) > 0 && shouldFail(changeSets[i]) && Interlocked.Decrement(ref _remaining) >= 0)
            {
                outcomes[i] = CommitOutcome.Failed(new IOException("simulated write failure"));
            }
            else
            {
                passing.Add((i, changeSets[i]));
            }
        }

        var committed = await Inner.CommitAsync([.. passing.Select(p => p.Set)], cancellationToken);
        for (var j = 0; j < passing.Count; j++)
        {
            outcomes[passing[j].Index] = committed[j];
        }

        return outcomes;
    }

}
