using Microsoft.Extensions.DependencyInjection;
using Nod.Storage;
using Nod.Storage.Conformance;
using Nod.Storage.InMemory;

namespace Nod.Core.Tests.Webhooks;

/// <summary>
/// A store decorator that lets a test wait until something was committed — e.g. a webhook attempt's outcome — instead
/// of guessing when background work is done.
/// </summary>
internal sealed class CommitProbe(INodStore? inner = null) : DelegatingNodStore(inner ?? new InMemoryNodStore(), ownsInner: inner is null)
{
    private readonly Lock _gate = new();
    private readonly List<(Func<ChangeSet, bool> Match, TaskCompletionSource Done)> _waiters = [];

    public override IDeliveryStore Deliveries => new FlakyDeliveries(this);

    /// <summary>How many upcoming reads of a single delivery throw (a store hiccup).</summary>
    public int DeliveryReadsToFail;

    public void Register(IServiceCollection services) => services.AddSingleton<INodStore>(this);

    /// <summary>Completes once a change set matching <paramref name="match"/> has committed (from now on).</summary>
    public Task WaitForAsync(Func<ChangeSet, bool> match)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((match, done));
        }

        return done.Task;
    }

    public override async ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default)
    {
        var outcomes = await Inner.CommitAsync(changeSets, cancellationToken);
        lock (_gate)
        {
            for (var i = 0; i < changeSets.Count; i++)
            {
                if (outcomes[i].Status != CommitStatus.Committed)
                {
                    continue;
                }

                foreach (var waiter in _waiters.Where(w => w.Match(changeSets[i])).ToList())
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }

        return outcomes;
    }


    private sealed class FlakyDeliveries(CommitProbe probe) : IDeliveryStore
    {
        public ValueTask<Nod.Model.WebhookDelivery?> GetAsync(string eventId, CancellationToken cancellationToken = default) =>
            Interlocked.Decrement(ref probe.DeliveryReadsToFail) >= 0
                ? throw new IOException("simulated read failure")
                : probe.Inner.Deliveries.GetAsync(eventId, cancellationToken);

        public ValueTask<IReadOnlyList<Nod.Model.WebhookDelivery>> ListByAgentAsync(string agentId, Nod.Model.DeliveryStatus? status, int limit, CancellationToken cancellationToken = default) =>
            probe.Inner.Deliveries.ListByAgentAsync(agentId, status, limit, cancellationToken);

        public ValueTask<IReadOnlyList<Nod.Model.WebhookDelivery>> ListPendingAsync(CancellationToken cancellationToken = default) =>
            probe.Inner.Deliveries.ListPendingAsync(cancellationToken);
    }
}
