namespace Nod.Storage;

/// <summary>
/// A place Nod keeps its state: one small read interface per aggregate, and one write path,
/// <see cref="CommitAsync"/>, that applies each command's <see cref="ChangeSet"/> atomically.
/// </summary>
/// <remarks>
/// <para>Every store passes the storage conformance suite; the engine never knows which store it has.</para>
/// <para>
/// Reads may run on any thread while a commit is under way and see either all of a change set or none of it.
/// Only the engine writes, but a store must still enforce <see cref="DecisionWrite.ExpectedVersion"/> and number
/// events itself, so that hosts sharing one store can never commit two resolutions of one decision or reuse a
/// <c>seq</c>.
/// </para>
/// </remarks>
public interface INodStore : IAsyncDisposable
{
    /// <summary>Agents.</summary>
    IAgentStore Agents { get; }

    /// <summary>Conversations.</summary>
    IConversationStore Conversations { get; }

    /// <summary>Messages.</summary>
    IMessageStore Messages { get; }

    /// <summary>Decisions (requests).</summary>
    IDecisionStore Decisions { get; }

    /// <summary>Always-allow and deny rules.</summary>
    IRuleStore Rules { get; }

    /// <summary>The activity feed.</summary>
    IActivityStore Activity { get; }

    /// <summary>The event log.</summary>
    IEventLog Events { get; }

    /// <summary>Idempotency keys of agent events.</summary>
    IIdempotencyStore Idempotency { get; }

    /// <summary>Tasks.</summary>
    ITaskStore Tasks { get; }

    /// <summary>Task runs.</summary>
    IRunStore Runs { get; }

    /// <summary>The webhook outbox.</summary>
    IDeliveryStore Deliveries { get; }

    /// <summary>
    /// Opens the store before first use: creates or checks its files and ensures its indexes. Failures throw with a
    /// message that names the location and what is wrong, and leave existing data untouched.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies each change set atomically and in order: for each, <see cref="ChangeSet.Seal"/> with the next free
    /// <c>seq</c>, check every <see cref="DecisionWrite.ExpectedVersion"/>, then write all of it. A set that fails its
    /// version check or cannot be written is left out entirely and reported; the other sets still commit. Returns only
    /// once the committed sets are durable (for a durable store).
    /// </summary>
    /// <param name="changeSets">The change sets, in command order.</param>
    /// <param name="cancellationToken">Cancels the call before anything is written.</param>
    /// <returns>One outcome per change set, in the same order.</returns>
    ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default);
}
