using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Nod.AspNetCore.Internal;

/// <summary>REST agent authentication (PROTOCOL §2): <c>X-Nod-Agent-Id</c> and <c>X-Nod-Secret</c> on every call.</summary>
internal static class AgentAuthentication
{
    public const string AgentIdHeader = "X-Nod-Agent-Id";
    public const string SecretHeader = "X-Nod-Secret";

    /// <summary>
    /// The calling agent (not connected: REST calls do not bring it online), after its per-agent rate limit.
    /// </summary>
    /// <exception cref="NodException">401 for missing or wrong credentials, 429 over the rate limit.</exception>
    public static NodAgentClient Authenticate(HttpContext context, AgentApi api)
    {
        var headers = context.Request.Headers;
        var agentId = Single(headers[AgentIdHeader]);
        var secret = Single(headers[SecretHeader]);
        if (agentId is null || secret is null)
        {
            throw new NodException(NodErrorKind.Unauthorized, agentId is null
                ? $"{AgentIdHeader} header is missing"
                : $"{SecretHeader} header is missing");
        }

        // Compares the secret in constant time, also for an unknown agent.
        var agent = api.Factory.AuthenticateAgent(agentId, secret);
        if (!api.RateLimiter.TryAcquire(agent.AgentId, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            throw new NodException(NodErrorKind.RateLimited, api.RateLimiter.RefusalDetail);
        }

        return agent;
    }

    private static string? Single(StringValues values) => values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
