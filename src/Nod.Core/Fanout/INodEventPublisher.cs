using Nod.Storage;

namespace Nod.Fanout;

/// <summary>
/// Where the engine hands every committed event, in <c>seq</c> order: the seam for a multi-host backplane.
/// </summary>
/// <remarks>
/// The default, <see cref="LocalEventPublisher"/>, delivers to this host's subscribers at once. A backplane (e.g. Redis)
/// decorates it: it forwards to the local publisher and sends the event to the other hosts, whose receivers hand it
/// to their own <see cref="LocalEventPublisher"/>. Publishing runs on the engine loop and must not block.
/// </remarks>
public interface INodEventPublisher
{
    /// <summary>Publishes one committed event.</summary>
    /// <param name="committed">An event the store has committed.</param>
    void Publish(NodEvent committed);
}

/// <summary>Delivers committed events to the subscribers of this host.</summary>
public sealed class LocalEventPublisher : INodEventPublisher
{
    private readonly FanoutHub _hub;

    internal LocalEventPublisher(FanoutHub hub) => _hub = hub;

    /// <inheritdoc />
    public void Publish(NodEvent committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        _hub.Publish(committed);
    }
}
