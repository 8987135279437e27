using System.Net;
using System.Net.Http.Headers;

namespace Nod.Webhooks;

/// <summary>
/// PROTOCOL §6: 2xx delivers; timeouts, connection errors, 408, 429 (honouring <c>Retry-After</c>) and 5xx retry on
/// the schedule with jitter; any other status fails at once; after the last retry the delivery fails.
/// </summary>
internal sealed class WebhookRetryPolicy(NodWebhookOptions options, TimeProvider time)
{
    public DeliveryAttempt Decide(string eventId, (int Attempts, int RetryNum) attempted, HttpStatusCode? status, RetryConditionHeaderValue? retryAfter, string? error, bool retryable)
    {
        var code = status is null ? (int?)null : (int)status.Value;
        if (code is >= 200 and < 300)
        {
            return new DeliveryAttempt(eventId, attempted, code, null, DeliveryNext.Delivered);
        }

        var reason = code is { } c ? $"http_{c}" : error is not null && error.StartsWith("timeout", StringComparison.Ordinal) ? "timeout" : "connection_error";
        var failure = error ?? $"HTTP {code}";
        var retry = retryable && (code is null or 408 or 429 or >= 500);
        var retryNum = attempted.RetryNum + 1;
        if (!retry || retryNum > options.RetryDelays.Count)
        {
            var why = retry ? $"{failure}; gave up after {options.RetryDelays.Count} retries" : failure;
            return new DeliveryAttempt(eventId, attempted, code, why, DeliveryNext.Failed);
        }

        var delay = code == 429 && RetryAfter(retryAfter) is { } wait ? wait : Jittered(options.RetryDelays[retryNum - 1]);
        return new DeliveryAttempt(eventId, attempted, code, failure, DeliveryNext.Retry, time.GetUtcNow() + delay, reason);
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > options.MaxRetryAfter ? options.MaxRetryAfter : wait;
    }

    private TimeSpan Jittered(TimeSpan delay)
    {
        if (options.Jitter <= 0)
        {
            return delay;
        }

#pragma warning disable CA5394 // Jitter spreads retries; it needs no cryptographic randomness.
        var factor = 1 + (((Random.Shared.NextDouble() * 2) - 1) * options.Jitter);
#pragma warning restore CA5394
        return TimeSpan.FromTicks((long)(delay.Ticks * factor));
    }
}
