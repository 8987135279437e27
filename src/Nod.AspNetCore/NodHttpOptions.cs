namespace Nod.AspNetCore;

/// <summary>
/// Settings of Nod's HTTP transports (PROTOCOL §8): size limits, WebSocket timeouts, keep-alive and the per-agent rate
/// limit. Set them with <c>AddNod().ConfigureHttp(o => …)</c>; impossible values fail at start-up, naming the option.
/// </summary>
public sealed partial class NodHttpOptions
{
    /// <summary>Default of <see cref="MaxRequestBodySize"/>: 8 MB.</summary>
    public const int DefaultMaxRequestBodySize = 8 * 1024 * 1024;

    /// <summary>Default of <see cref="MaxWebSocketMessageSize"/>: 8 MB.</summary>
    public const int DefaultMaxWebSocketMessageSize = 8 * 1024 * 1024;

    /// <summary>Default of <see cref="RateLimitPerSecond"/>.</summary>
    public const int DefaultRateLimitPerSecond = 50;

    /// <summary>Default of <see cref="RateLimitBurst"/>.</summary>
    public const int DefaultRateLimitBurst = 200;

    /// <summary>Default of <see cref="WebSocketAuthTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultWebSocketAuthTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default of <see cref="WebSocketKeepAliveInterval"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultWebSocketKeepAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>Default of <see cref="WebSocketIdleTimeout"/>: 60 seconds.</summary>
    public static readonly TimeSpan DefaultWebSocketIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Default of <see cref="MaxLongPollWait"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultMaxLongPollWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest <c>POST /api/agent/events</c> body, in bytes: a larger one is refused with 413, whether its
    /// <c>Content-Length</c> says so or it turns out larger while being read.
    /// </summary>
    /// <value>Default 8 MB (<see cref="DefaultMaxRequestBodySize"/>): room for a 5 MB image in base64. At least 1.</value>
    public int MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>The largest WebSocket message an agent may send, in bytes: a larger one closes the socket with 1009.</summary>
    /// <value>Default 8 MB (<see cref="DefaultMaxWebSocketMessageSize"/>). At least 1.</value>
    public int MaxWebSocketMessageSize { get; set; } = DefaultMaxWebSocketMessageSize;

    /// <summary>How long a new agent WebSocket may take to send its <c>auth</c> frame before it is closed with 4001.</summary>
    /// <value>Default 10 s (<see cref="DefaultWebSocketAuthTimeout"/>). Positive, at most 49 days.</value>
    public TimeSpan WebSocketAuthTimeout { get; set; } = DefaultWebSocketAuthTimeout;

    /// <summary>How often the server pings an agent WebSocket (a WebSocket ping frame; clients answer it by themselves).</summary>
    /// <value>Default 15 s (<see cref="DefaultWebSocketKeepAliveInterval"/>). Positive, at most 49 days, and shorter than <see cref="WebSocketIdleTimeout"/>.</value>
    public TimeSpan WebSocketKeepAliveInterval { get; set; } = DefaultWebSocketKeepAliveInterval;

    /// <summary>
    /// A WebSocket whose peer has been silent this long (no answer to the server's pings) is dropped; so is one that a
    /// frame could not be written to for this long (the peer stopped reading).
    /// </summary>
    /// <value>Default 60 s (<see cref="DefaultWebSocketIdleTimeout"/>). Longer than <see cref="WebSocketKeepAliveInterval"/>, at most 49 days.</value>
    public TimeSpan WebSocketIdleTimeout { get; set; } = DefaultWebSocketIdleTimeout;

    /// <summary>
    /// Sustained requests per second per agent: REST calls and WebSocket frames share one budget (<c>ping</c> frames are
    /// free). Beyond it REST answers 429 and WebSocket frames get an <c>error</c> frame.
    /// </summary>
    /// <value>Default 50 (<see cref="DefaultRateLimitPerSecond"/>). At least 1.</value>
    public int RateLimitPerSecond { get; set; } = DefaultRateLimitPerSecond;

    /// <summary>How many requests an agent may make at once before <see cref="RateLimitPerSecond"/> applies.</summary>
    /// <value>Default 200 (<see cref="DefaultRateLimitBurst"/>). At least 1.</value>
    public int RateLimitBurst { get; set; } = DefaultRateLimitBurst;

    /// <summary>The longest <c>wait_s</c> accepted by <c>GET /api/agent/updates</c> (long-polling).</summary>
    /// <value>Default 30 s (<see cref="DefaultMaxLongPollWait"/>). Zero or more, at most 49 days; whole seconds are what clients can ask for.</value>
    public TimeSpan MaxLongPollWait { get; set; } = DefaultMaxLongPollWait;
}
