using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads the webhook outbox.</summary>
public interface IDeliveryStore
{
    /// <summary>The delivery of an event, or <see langword="null"/>.</summary>
    /// <param name="eventId">The event id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<WebhookDelivery?> GetAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>An agent's deliveries, newest (highest <c>seq</c>) first, optionally only one status, at most <paramref name="limit"/>.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="status">Only this status, or <see langword="null"/> for all.</param>
    /// <param name="limit">The most to return (positive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<WebhookDelivery>> ListByAgentAsync(string agentId, DeliveryStatus? status, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every pending delivery, oldest (lowest <c>seq</c>) first (read at start-up to resume the outbox).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<WebhookDelivery>> ListPendingAsync(CancellationToken cancellationToken = default);
}
