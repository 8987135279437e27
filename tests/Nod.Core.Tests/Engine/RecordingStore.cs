using Microsoft.Extensions.DependencyInjection;
using Nod.Storage;
using Nod.Storage.Conformance;
using Nod.Storage.InMemory;

namespace Nod.Core.Tests.Engine;

/// <summary>The in-memory store, keeping every change set it is asked to commit: tests check what each command writes.</summary>
internal sealed class RecordingStore() : DelegatingNodStore(new InMemoryNodStore())
{
    private readonly Lock _gate = new();
    private readonly List<ChangeSet> _committed = [];

    /// <summary>Registers this store in place of the default one.</summary>
    public void Register(IServiceCollection services) => services.AddSingleton<INodStore>(this);

    /// <summary>How many change sets were committed so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _committed.Count;
            }
        }
    }

    /// <summary>The change sets committed after the first <paramref name="skip"/>.</summary>
    public IReadOnlyList<ChangeSet> Since(int skip)
    {
        lock (_gate)
        {
            return [.. _committed.Skip(skip)];
        }
    }

    public override async ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default)
    {
        var outcomes = await Inner.CommitAsync(changeSets, cancellationToken);
        lock (_gate)
        {
            _committed.AddRange(changeSets.Where((_, i) => outcomes[i].Status == CommitStatus.Committed));
        }

        return outcomes;
    }
}
