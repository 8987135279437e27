using System.Globalization;
using System.Threading.RateLimiting;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// One token bucket per agent, shared by its REST calls and WebSocket frames (PROTOCOL §8): <c>burst</c> requests at
/// once, refilled continuously at <c>perSecond</c>. Never waits: a request over the budget is refused at once.
/// </summary>
internal sealed class AgentRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public AgentRateLimiter(int perSecond, int burst)
    {
        PerSecond = perSecond;
        Burst = burst;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,

            // The partitioned limiter refills every bucket from one shared timer, in proportion to the time elapsed;
            // a timer per agent would be wasteful.
            AutoReplenishment = false,
        };

        // Buckets of agents that stay idle are dropped by the partitioned limiter, so memory follows active agents.
        _limiter = PartitionedRateLimiter.Create<string, string>(
            agentId => RateLimitPartition.GetTokenBucketLimiter(agentId, _ => bucket), StringComparer.Ordinal);
    }

    public int PerSecond { get; }

    public int Burst { get; }

    /// <summary>The reason given to a refused request.</summary>
    public string RefusalDetail => string.Create(
        CultureInfo.InvariantCulture, $"rate limit exceeded: at most {PerSecond} requests per second per agent (bursts of {Burst}); slow down and retry");

    /// <summary>Takes one permit of <paramref name="agentId"/>'s budget.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="retryAfter">When refused: how long until a permit is likely free.</param>
    /// <returns>Whether the request may go ahead.</returns>
    public bool TryAcquire(string agentId, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(agentId);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1.0 / PerSecond);
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
