using System.Globalization;
using Microsoft.AspNetCore.Http;

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
        var agentId = Single(headers, AgentIdHeader);
        var secret = Single(headers, SecretHeader);

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

    /// <summary>The header's one value; 401 saying whether it is missing or given more than once.</summary>
    private static string Single(IHeaderDictionary headers, string name)
    {
        var values = headers[name];
        return values.Count switch
        {
            1 when !string.IsNullOrEmpty(values[0]) => values[0]!,
            > 1 => throw new NodException(NodErrorKind.Unauthorized, $"{name} header is given more than once"),
            _ => throw new NodException(NodErrorKind.Unauthorized, $"{name} header is missing"),
        };
    }
}
