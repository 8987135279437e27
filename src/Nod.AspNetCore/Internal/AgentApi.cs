using Microsoft.Extensions.Logging;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// What every agent endpoint shares: the client factory, the one protocol parser, the options, the per-agent rate
/// limiter, the clock and the host's stopping signal. One instance per <c>MapNod()</c> call.
/// </summary>
internal sealed class AgentApi : IDisposable
{
    public AgentApi(
        INodClientFactory factory,
        NodLimits limits,
        NodHttpOptions options,
        TimeProvider time,
        ILogger logger,
        CancellationToken stopping)
    {
        Factory = factory;
        Parser = new AgentEventParser(limits);
        Options = options;
        Time = time;
        Logger = logger;
        Stopping = stopping;
        RateLimiter = new AgentRateLimiter(options.RateLimitPerSecond, options.RateLimitBurst);
    }

    public INodClientFactory Factory { get; }

    /// <summary>The parser REST and WebSocket share, so both accept exactly the same events.</summary>
    public AgentEventParser Parser { get; }

    public NodHttpOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>Fires when the host begins to stop: long polls return and sockets close with 1001.</summary>
    public CancellationToken Stopping { get; }

    public AgentRateLimiter RateLimiter { get; }

    public void Dispose() => RateLimiter.Dispose();
}
