namespace Nod;

/// <summary>Outbound webhook delivery (PROTOCOL §6). Part of <see cref="NodOptions"/> (<c>o.Webhooks</c>).</summary>
public sealed class NodWebhookOptions
{
    /// <summary>Default of <see cref="AttemptTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default of <see cref="Jitter"/>: ±10 %.</summary>
    public const double DefaultJitter = 0.1;

    /// <summary>Default of <see cref="MaxConcurrentDeliveries"/>.</summary>
    public const int DefaultMaxConcurrentDeliveries = 8;

    /// <summary>Default of <see cref="MaxRetryAfter"/>: 24 hours.</summary>
    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromHours(24);

    /// <summary>The default retry schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRetryDelays { get; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    /// <summary>
    /// Waits before each retry after a timeout, a connection error, 408, 429 or 5xx; when they are used up the delivery
    /// is <c>failed</c> (its owner can redeliver it).
    /// </summary>
    /// <value>Default <see cref="DefaultRetryDelays"/>; each positive, at most 3650 days.</value>
    public IList<TimeSpan> RetryDelays { get; } = [.. DefaultRetryDelays];

    /// <summary>Each retry delay is randomly moved by up to this fraction, so many receivers do not retry in step.</summary>
    /// <value>Default 0.1 (±10 %); 0 to 1.</value>
    public double Jitter { get; set; } = DefaultJitter;

    /// <summary>How long one attempt may take before it counts as a timeout (slower receivers cause duplicates).</summary>
    /// <value>Default 30 s; positive, at most 49 days.</value>
    public TimeSpan AttemptTimeout { get; set; } = DefaultAttemptTimeout;

    /// <summary>The most attempts in flight at once, all agents together (one at a time per agent).</summary>
    /// <value>Default 8; at least 1.</value>
    public int MaxConcurrentDeliveries { get; set; } = DefaultMaxConcurrentDeliveries;

    /// <summary>The longest <c>Retry-After</c> honoured; longer values are cut to this.</summary>
    /// <value>Default 24 h; positive, at most 3650 days.</value>
    public TimeSpan MaxRetryAfter { get; set; } = DefaultMaxRetryAfter;

    /// <summary>
    /// Whether webhook URLs may resolve to loopback, link-local or private addresses. Off by default (a webhook must not
    /// reach into the host's own network); turn it on for local development and tests.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool AllowPrivateNetworks { get; set; }
}
