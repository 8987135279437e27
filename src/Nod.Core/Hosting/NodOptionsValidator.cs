using Microsoft.Extensions.Options;

namespace Nod.Hosting;

/// <summary>Refuses impossible <see cref="NodOptions"/> at start-up, naming the option.</summary>
internal sealed class NodOptionsValidator : IValidateOptions<NodOptions>
{
    /// <summary>The longest duration: far beyond any use, and still addable to a timestamp (TimeSpan.MaxValue is not).</summary>
    internal static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);

    /// <summary>The longest webhook attempt timeout: a cancellation timer on the system clock waits at most ~49.7 days.</summary>
    internal static readonly TimeSpan MaxAttemptTimeout = TimeSpan.FromDays(49);

    public ValidateOptionsResult Validate(string? name, NodOptions options)
    {
        var failures = new List<string>();
        void Positive(int value, string option)
        {
            if (value < 1)
            {
                failures.Add($"NodOptions.{option} must be at least 1 (was {value}).");
            }
        }

        void PositiveTime(TimeSpan value, string option, TimeSpan? max = null)
        {
            var limit = max ?? MaxDuration;
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"NodOptions.{option} must be positive (was {value}).");
            }
            else if (value > limit)
            {
                failures.Add($"NodOptions.{option} must be at most {limit.TotalDays:0} days (was {value}).");
            }
        }

        Positive(options.CommandQueueCapacity, nameof(NodOptions.CommandQueueCapacity));
        Positive(options.MaxBatchSize, nameof(NodOptions.MaxBatchSize));
        Positive(options.SubscriberBufferSize, nameof(NodOptions.SubscriberBufferSize));
        PositiveTime(options.HeartbeatTimeout, nameof(NodOptions.HeartbeatTimeout));
        PositiveTime(options.ProcessingTimeout, nameof(NodOptions.ProcessingTimeout));
        PositiveTime(options.IdempotencyWindow, nameof(NodOptions.IdempotencyWindow));
        PositiveTime(options.TaskRunTimeout, nameof(NodOptions.TaskRunTimeout));
        // Trigger URLs append the route to it, so a query or fragment would swallow the route.
        if (options.PublicBaseUrl is { } baseUrl &&
            (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
             baseUrl.IndexOfAny(['?', '#']) >= 0))
        {
            failures.Add($"NodOptions.PublicBaseUrl must be an absolute http or https URL without query or fragment (was '{baseUrl}').");
        }

        if (options.RoutePrefix is null ||
            (options.RoutePrefix.Length > 0 && (options.RoutePrefix[0] != '/' || options.RoutePrefix.IndexOfAny(['?', '#']) >= 0)))
        {
            failures.Add($"NodOptions.RoutePrefix must be empty or a path starting with '/' (was '{options.RoutePrefix}').");
        }

        var webhooks = options.Webhooks;
        PositiveTime(webhooks.AttemptTimeout, "Webhooks." + nameof(NodWebhookOptions.AttemptTimeout), MaxAttemptTimeout);
        PositiveTime(webhooks.MaxRetryAfter, "Webhooks." + nameof(NodWebhookOptions.MaxRetryAfter));
        Positive(webhooks.MaxConcurrentDeliveries, "Webhooks." + nameof(NodWebhookOptions.MaxConcurrentDeliveries));
        if (webhooks.Jitter is < 0 or > 1 || double.IsNaN(webhooks.Jitter))
        {
            failures.Add($"NodOptions.Webhooks.Jitter must be between 0 and 1 (was {webhooks.Jitter}).");
        }

        for (var i = 0; i < webhooks.RetryDelays.Count; i++)
        {
            PositiveTime(webhooks.RetryDelays[i], $"Webhooks.RetryDelays[{i}]");
        }

        var limits = options.Limits;
        Positive(limits.MaxTitleLength, "Limits." + nameof(NodLimits.MaxTitleLength));
        Positive(limits.MaxTextLength, "Limits." + nameof(NodLimits.MaxTextLength));
        Positive(limits.MaxOptions, "Limits." + nameof(NodLimits.MaxOptions));
        Positive(limits.MaxOptionLength, "Limits." + nameof(NodLimits.MaxOptionLength));
        Positive(limits.MaxImageBytes, "Limits." + nameof(NodLimits.MaxImageBytes));
        Positive(limits.MaxUrlLength, "Limits." + nameof(NodLimits.MaxUrlLength));
        Positive(limits.MaxImageUrls, "Limits." + nameof(NodLimits.MaxImageUrls));
        Positive(limits.MaxPatternLength, "Limits." + nameof(NodLimits.MaxPatternLength));
        Positive(limits.MaxIdLength, "Limits." + nameof(NodLimits.MaxIdLength));
        if (limits.MaxIdLength > NodLimits.LargestMaxIdLength)
        {
            // Refused here rather than by the store at the first write whose index key is too long.
            failures.Add(
                $"NodOptions.Limits.MaxIdLength must be at most {NodLimits.LargestMaxIdLength} (was {limits.MaxIdLength}): stores build index keys " +
                "from ids, and a key holding two ids of 3-byte characters must fit LiteDB's limit of 1,023 bytes.");
        }

        Positive(limits.MaxTriggerPayloadBytes, "Limits." + nameof(NodLimits.MaxTriggerPayloadBytes));
        Positive(limits.MaxPendingTriggersPerTask, "Limits." + nameof(NodLimits.MaxPendingTriggersPerTask));
        Positive(limits.MaxExpiresInSeconds, "Limits." + nameof(NodLimits.MaxExpiresInSeconds));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
