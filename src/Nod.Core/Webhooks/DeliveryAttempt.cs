namespace Nod.Webhooks;

/// <summary>The outcome of one webhook attempt, and what follows from it.</summary>
/// <param name="EventId">The delivery.</param>
/// <param name="Attempted">The delivery's attempt count and retry number the attempt was made with (stale outcomes are ignored).</param>
/// <param name="StatusCode">The receiver's HTTP status, or <see langword="null"/>.</param>
/// <param name="Error">What went wrong, or <see langword="null"/>.</param>
/// <param name="Next">Delivered, retry later, or give up.</param>
/// <param name="NextAttemptAt">For a retry: when.</param>
/// <param name="NextReason">For a retry: the <c>X-Nod-Retry-Reason</c> of the next attempt.</param>
internal sealed record DeliveryAttempt(
    string EventId,
    (int Attempts, int RetryNum) Attempted,
    int? StatusCode,
    string? Error,
    DeliveryNext Next,
    DateTimeOffset? NextAttemptAt = null,
    string? NextReason = null);

/// <summary>What happens to a delivery after an attempt.</summary>
internal enum DeliveryNext
{
    Delivered,
    Retry,
    Failed,
}
