using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Nod.AspNetCore.Internal;

/// <summary>Maps the task routes of PROTOCOL §5 into MapNod's group: the agent task API and the inbound trigger URL.</summary>
internal static class TaskRoutes
{
    /// <summary>
    /// Maps the routes and records <paramref name="prefix"/> as <see cref="NodOptions.RoutePrefix"/>, so the trigger URLs
    /// Core hands out (<c>trigger_url</c>) point at the route mapped here.
    /// </summary>
    public static void Map(RouteGroupBuilder group, AgentApi api, NodOptions nodOptions, string prefix, IHostApplicationLifetime? lifetime)
    {
        nodOptions.RoutePrefix = NormalizePrefix(prefix);

        // Triggers have a budget of their own, per trigger, with the agents' numbers: whoever holds a trigger URL can
        // never spend the agent's own budget (REST and WebSocket), and one leaked URL cannot flood the engine.
        var triggerLimiter = new AgentRateLimiter(api.Options.RateLimitPerSecond, api.Options.RateLimitBurst);
        lifetime?.ApplicationStopped.Register(triggerLimiter.Dispose);

        var tasks = new TaskRestEndpoints(api, nodOptions.Limits.MaxTriggerPayloadBytes, triggerLimiter);
        group.MapGet("/api/agent/tasks", tasks.GetTasksAsync).AllowAnonymous();
        group.MapPost("/api/agent/tasks", tasks.CreateTaskAsync).AllowAnonymous();
        group.MapGet("/api/agent/tasks/due", tasks.GetDueTasksAsync).AllowAnonymous();
        group.MapGet("/api/agent/tasks/triggers/pending", tasks.GetPendingTriggersAsync).AllowAnonymous();
        group.MapPost("/api/agent/tasks/{task_id}/run/start", tasks.StartRunAsync).AllowAnonymous();
        group.MapPost("/api/agent/tasks/runs/{run_id}/complete", tasks.CompleteRunAsync).AllowAnonymous();

        // The token in the URL is the only credential: anonymous even under a group that requires authorization.
        // ASP0022 sees the catch-all as ambiguous with the trigger route; routing is not: a POST to /api/triggers/{id}
        // prefers the route with a method and a plain parameter, the catch-all answers the rest (404/405 with a detail).
#pragma warning disable ASP0022
        group.MapPost(TriggerRoute, tasks.FireTriggerAsync).AllowAnonymous().Add(endpoint => RecordFullPrefix(endpoint, nodOptions));
        group.Map("/api/triggers/{**path}", tasks.UnknownTriggerPathAsync).AllowAnonymous();
#pragma warning restore ASP0022
    }

    private const string TriggerRoute = "/api/triggers/{trigger_id}";

    /// <summary>
    /// Under a route group (<c>app.MapGroup("/tenant").MapNod("/nod")</c>) the trigger route's final pattern holds the
    /// group's prefix too, which MapNod cannot see: it is known once the endpoint is built, and recorded then.
    /// </summary>
    private static void RecordFullPrefix(EndpointBuilder endpoint, NodOptions nodOptions)
    {
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern } &&
            pattern.EndsWith(TriggerRoute, StringComparison.Ordinal))
        {
            nodOptions.RoutePrefix = NormalizePrefix(pattern[..^TriggerRoute.Length]);
        }
    }

    /// <summary><c>nod</c>, <c>/nod/</c> → <c>/nod</c>; empty or <c>/</c> → empty (MapGroup treats them alike).</summary>
    internal static string NormalizePrefix(string prefix)
    {
        var trimmed = prefix.Trim().Trim('/');
        return trimmed.Length == 0 ? string.Empty : "/" + trimmed;
    }
}
