using System.Runtime.CompilerServices;
using Nod.Fanout;
using Nod.Protocol;
using Nod.Storage;

namespace Nod;

/// <summary>
/// A user's live stream (PROTOCOL §7): the <see cref="Snapshot"/> of what is pending and live at the moment it opened,
/// then every event of the agents the user can see, in <c>seq</c> order, exactly once.
/// </summary>
public sealed class NodUserStream : IAsyncDisposable
{
    internal NodUserStream(SnapshotFrame snapshot, NodSubscription subscription)
    {
        Snapshot = snapshot;
        Subscription = subscription;
    }

    /// <summary>Pending decisions, active indicators and agents' online state; its <c>seq</c> is where the stream continues.</summary>
    public SnapshotFrame Snapshot { get; }

    /// <summary>The underlying subscription (for transports that read raw payloads).</summary>
    public NodSubscription Subscription { get; }

    /// <summary>Every event as it comes (payload serialized once; <see cref="NodEvent.Frame"/> for the typed frame).</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    public IAsyncEnumerable<NodEvent> ReadAllAsync(CancellationToken cancellationToken = default) => Subscription.ReadAllAsync(cancellationToken);

    /// <summary>Every event as a typed frame (<see cref="MessageCreatedFrame"/>, <see cref="DecisionCreatedFrame"/>, …).</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    public async IAsyncEnumerable<AppFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var nodEvent in Subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (AppFrame)nodEvent.Frame;
        }
    }

    /// <summary>Closes the stream.</summary>
    public ValueTask DisposeAsync() => Subscription.DisposeAsync();
}
