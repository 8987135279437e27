namespace Nod.Storage.Conformance;

/// <summary>
/// A store that passes everything to <see cref="Inner"/>: test doubles (a store that fails, holds or counts commits)
/// derive from it and override only what they change.
/// </summary>
/// <param name="inner">The real store.</param>
/// <param name="ownsInner">Whether disposing this store disposes <paramref name="inner"/> (not when it outlives this one, e.g. across a restart).</param>
public abstract class DelegatingNodStore(INodStore inner, bool ownsInner = true) : INodStore
{
    /// <summary>The store everything is passed to.</summary>
    protected INodStore Inner { get; } = inner;

    /// <inheritdoc />
    public IAgentStore Agents => Inner.Agents;

    /// <inheritdoc />
    public IConversationStore Conversations => Inner.Conversations;

    /// <inheritdoc />
    public IMessageStore Messages => Inner.Messages;

    /// <inheritdoc />
    public IDecisionStore Decisions => Inner.Decisions;

    /// <inheritdoc />
    public IRuleStore Rules => Inner.Rules;

    /// <inheritdoc />
    public IActivityStore Activity => Inner.Activity;

    /// <inheritdoc />
    public IEventLog Events => Inner.Events;

    /// <inheritdoc />
    public IIdempotencyStore Idempotency => Inner.Idempotency;

    /// <inheritdoc />
    public ITaskStore Tasks => Inner.Tasks;

    /// <inheritdoc />
    public IRunStore Runs => Inner.Runs;

    /// <inheritdoc />
    public virtual IDeliveryStore Deliveries => Inner.Deliveries;

    /// <inheritdoc />
    public virtual ValueTask InitializeAsync(CancellationToken cancellationToken = default) => Inner.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default) =>
        Inner.CommitAsync(changeSets, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ownsInner ? Inner.DisposeAsync() : ValueTask.CompletedTask;
    }
}
