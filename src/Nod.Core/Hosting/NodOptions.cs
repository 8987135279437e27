namespace Nod;

/// <summary>Settings of the Nod engine. Every value has a sensible default; impossible values fail at start-up, naming the option.</summary>
public sealed class NodOptions
{
    /// <summary>Default of <see cref="CommandQueueCapacity"/>.</summary>
    public const int DefaultCommandQueueCapacity = 8192;

    /// <summary>Default of <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 256;

    /// <summary>Default of <see cref="SubscriberBufferSize"/>.</summary>
    public const int DefaultSubscriberBufferSize = 1024;

    /// <summary>Default of <see cref="HeartbeatTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultHeartbeatTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Default of <see cref="ProcessingTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultProcessingTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many commands may wait for the engine before callers wait to enqueue (back-pressure).
    /// </summary>
    /// <value>Default <see cref="DefaultCommandQueueCapacity"/>; at least 1.</value>
    public int CommandQueueCapacity { get; set; } = DefaultCommandQueueCapacity;

    /// <summary>
    /// The most commands the engine commits in one store transaction (group commit). Larger batches mean fewer
    /// disk syncs under load; a command never waits for a batch to fill.
    /// </summary>
    /// <value>Default <see cref="DefaultMaxBatchSize"/>; at least 1.</value>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>
    /// Events buffered per subscriber. A subscriber that falls further behind stops being fed live and catches up from
    /// the store when it reads again: it loses nothing and slows nobody.
    /// </summary>
    /// <value>Default <see cref="DefaultSubscriberBufferSize"/>; at least 1.</value>
    public int SubscriberBufferSize { get; set; } = DefaultSubscriberBufferSize;

    /// <summary>How long a "Thinking…" indicator stays on after the last <c>agent_heartbeat</c>.</summary>
    /// <value>Default 5 s (<see cref="DefaultHeartbeatTimeout"/>); positive, at most 3650 days.</value>
    public TimeSpan HeartbeatTimeout { get; set; } = DefaultHeartbeatTimeout;

    /// <summary>How long a "Thinking…" indicator stays on after the last <c>processing_start</c> with no stop.</summary>
    /// <value>Default 30 s (<see cref="DefaultProcessingTimeout"/>); positive, at most 3650 days.</value>
    public TimeSpan ProcessingTimeout { get; set; } = DefaultProcessingTimeout;

    /// <summary>Default of <see cref="IdempotencyWindow"/>: 24 hours.</summary>
    public static readonly TimeSpan DefaultIdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>How long an agent event's <c>Idempotency-Key</c> is remembered: a repeat within it gets the first response.</summary>
    /// <value>Default 24 h (<see cref="DefaultIdempotencyWindow"/>); positive, at most 3650 days.</value>
    public TimeSpan IdempotencyWindow { get; set; } = DefaultIdempotencyWindow;

    /// <summary>Default of <see cref="TaskRunTimeout"/>: 1 hour.</summary>
    public static readonly TimeSpan DefaultTaskRunTimeout = TimeSpan.FromHours(1);

    /// <summary>A task run the agent has not completed this long after it got it becomes <c>timed_out</c>.</summary>
    /// <value>Default 1 h (<see cref="DefaultTaskRunTimeout"/>); positive, at most 3650 days.</value>
    public TimeSpan TaskRunTimeout { get; set; } = DefaultTaskRunTimeout;

    /// <summary>
    /// The absolute URL under which the host application is reachable from outside (e.g. <c>https://example.com</c>, or
    /// <c>https://example.com/app</c> behind a proxy that serves it under a path), <b>without</b> the prefix given to
    /// <c>MapNod</c>: trigger URLs are <c>{PublicBaseUrl}{RoutePrefix}/api/triggers/{trigger_id}</c>.
    /// </summary>
    /// <value>
    /// Default <see langword="null"/>: trigger URLs are the path <c>{RoutePrefix}/api/triggers/{trigger_id}</c>. An absolute
    /// http(s) URL, optionally with a path, without query or fragment.
    /// </value>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The path prefix under which Nod's HTTP routes are mapped (e.g. <c>/nod</c>). <c>MapNod(prefix)</c> records its
    /// prefix here, so trigger URLs point at the route it maps; set it yourself only when Nod's routes are served some
    /// other way. Used literally (a route parameter in the prefix is not filled in).
    /// </summary>
    /// <value>Default empty (routes at the root). Empty, or a path starting with <c>/</c>.</value>
    public string RoutePrefix { get; set; } = string.Empty;

    /// <summary>Outbound webhook delivery: retries, timeout, concurrency, address safety.</summary>
    public NodWebhookOptions Webhooks { get; } = new();

    /// <summary>Field limits applied to everything agents and users send.</summary>
    public NodLimits Limits { get; } = new();
}
