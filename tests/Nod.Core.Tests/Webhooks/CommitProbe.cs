using Microsoft.Extensions.DependencyInjection;
using Nod.Storage;
using Nod.Storage.InMemory;

namespace Nod.Core.Tests.Webhooks;

/// <summary>
/// A store decorator that lets a test wait until something was committed — e.g. a webhook attempt's outcome — instead
/// of guessing when background work is done.
/// </summary>
internal sealed class CommitProbe(INodStore? inner = null) : INodStore
{
    private readonly INodStore _inner = inner ?? new InMemoryNodStore();
    private readonly Lock _gate = new();
    private readonly List<(Func<ChangeSet, bool> Match, TaskCompletionSource Done)> _waiters = [];

    public IAgentStore Agents => _inner.Agents;

    public IConversationStore Conversations => _inner.Conversations;

    public IMessageStore Messages => _inner.Messages;

    public IDecisionStore Decisions => _inner.Decisions;

    public IRuleStore Rules => _inner.Rules;

    public IActivityStore Activity => _inner.Activity;

    public IEventLog Events => _inner.Events;

    public IIdempotencyStore Idempotency => _inner.Idempotency;

    public ITaskStore Tasks => _inner.Tasks;

    public IRunStore Runs => _inner.Runs;

    public IDeliveryStore Deliveries => new FlakyDeliveries(this);

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

    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => _inner.InitializeAsync(cancellationToken);

    public async ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default)
    {
        var outcomes = await _inner.CommitAsync(changeSets, cancellationToken);
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

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class FlakyDeliveries(CommitProbe probe) : IDeliveryStore
    {
        public ValueTask<Nod.Model.WebhookDelivery?> GetAsync(string eventId, CancellationToken cancellationToken = default) =>
            Interlocked.Decrement(ref probe.DeliveryReadsToFail) >= 0
                ? throw new IOException("simulated read failure")
                : probe._inner.Deliveries.GetAsync(eventId, cancellationToken);

        public ValueTask<IReadOnlyList<Nod.Model.WebhookDelivery>> ListByAgentAsync(string agentId, Nod.Model.DeliveryStatus? status, int limit, CancellationToken cancellationToken = default) =>
            probe._inner.Deliveries.ListByAgentAsync(agentId, status, limit, cancellationToken);

        public ValueTask<IReadOnlyList<Nod.Model.WebhookDelivery>> ListPendingAsync(CancellationToken cancellationToken = default) =>
            probe._inner.Deliveries.ListPendingAsync(cancellationToken);
    }
}
