using Microsoft.AspNetCore.Http;

namespace Nod.AspNetCore.Internal;

/// <summary>One app REST route: method, pattern (under the <c>MapNod</c> prefix) and the handler.</summary>
internal sealed record AppRoute(string Method, string Pattern, Func<AppRestEndpoints, RequestDelegate> Handler);

/// <summary>
/// Every app REST route of PROTOCOL §7 in one table: <c>MapNod()</c> maps it, the fallback answers 405 from it, and the
/// README documents it. <c>GET /api/app/tasks/{task_id}</c> and <c>GET /api/app/indicators</c> are Nod Embedded additions.
/// </summary>
internal static class AppRoutes
{
    public static IReadOnlyList<AppRoute> All { get; } =
    [
        new(HttpMethods.Get, "/api/app/me", e => e.MeAsync),

        new(HttpMethods.Post, "/api/app/agents", e => e.CreateAgentAsync),
        new(HttpMethods.Get, "/api/app/agents", e => e.ListAgentsAsync),
        new(HttpMethods.Get, "/api/app/agents/{agent_id}", e => e.GetAgentAsync),
        new(HttpMethods.Patch, "/api/app/agents/{agent_id}", e => e.UpdateAgentAsync),
        new(HttpMethods.Delete, "/api/app/agents/{agent_id}", e => e.DeleteAgentAsync),
        new(HttpMethods.Post, "/api/app/agents/{agent_id}/rotate-secret", e => e.RotateSecretAsync),
        new(HttpMethods.Post, "/api/app/agents/{agent_id}/rotate-webhook-secret", e => e.RotateWebhookSecretAsync),
        new(HttpMethods.Post, "/api/app/agents/{agent_id}/shares", e => e.ShareAsync),
        new(HttpMethods.Delete, "/api/app/agents/{agent_id}/shares/{user_id}", e => e.UnshareAsync),

        new(HttpMethods.Get, "/api/app/agents/{agent_id}/conversations", e => e.ListConversationsAsync),
        new(HttpMethods.Post, "/api/app/agents/{agent_id}/conversations", e => e.CreateConversationAsync),
        new(HttpMethods.Get, "/api/app/conversations/{conversation_id}", e => e.GetConversationAsync),
        new(HttpMethods.Get, "/api/app/conversations/{conversation_id}/messages", e => e.ListMessagesAsync),
        new(HttpMethods.Post, "/api/app/conversations/{conversation_id}/messages", e => e.SendMessageAsync),

        new(HttpMethods.Get, "/api/app/decisions", e => e.ListDecisionsAsync),
        new(HttpMethods.Get, "/api/app/decisions/{decision_id}", e => e.GetDecisionAsync),
        new(HttpMethods.Post, "/api/app/decisions/{decision_id}/resolve", e => e.ResolveDecisionAsync),

        new(HttpMethods.Get, "/api/app/agents/{agent_id}/rules", e => e.ListRulesAsync),
        new(HttpMethods.Post, "/api/app/agents/{agent_id}/rules", e => e.AddRuleAsync),
        new(HttpMethods.Delete, "/api/app/agents/{agent_id}/rules/{rule_id}", e => e.RevokeRuleAsync),

        new(HttpMethods.Get, "/api/app/activity", e => e.ListActivityAsync),
        new(HttpMethods.Get, "/api/app/indicators", e => e.ListIndicatorsAsync),

        new(HttpMethods.Get, "/api/app/agents/{agent_id}/tasks", e => e.ListTasksAsync),
        new(HttpMethods.Post, "/api/app/agents/{agent_id}/tasks", e => e.CreateTaskAsync),
        new(HttpMethods.Get, "/api/app/tasks/{task_id}", e => e.GetTaskAsync),
        new(HttpMethods.Patch, "/api/app/tasks/{task_id}", e => e.UpdateTaskAsync),
        new(HttpMethods.Delete, "/api/app/tasks/{task_id}", e => e.DeleteTaskAsync),
        new(HttpMethods.Post, "/api/app/tasks/{task_id}/run", e => e.RunTaskAsync),
        new(HttpMethods.Get, "/api/app/tasks/{task_id}/runs", e => e.ListRunsAsync),

        new(HttpMethods.Get, "/api/app/agents/{agent_id}/deliveries", e => e.ListDeliveriesAsync),
        new(HttpMethods.Post, "/api/app/agents/{agent_id}/deliveries/{event_id}/redeliver", e => e.RedeliverAsync),
    ];

    /// <summary>The methods of the routes whose pattern matches <paramref name="path"/> (no prefix), for a 405's <c>Allow</c>.</summary>
    public static IReadOnlyList<string> AllowedMethods(string path)
    {
        var segments = path.Trim('/').Split('/');
        return [.. All.Where(route => Matches(route.Pattern, segments)).Select(route => route.Method).Distinct()];
    }

    private static bool Matches(string pattern, string[] segments)
    {
        var parts = pattern.Trim('/').Split('/');
        if (parts.Length != segments.Length)
        {
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            var isParameter = parts[i].StartsWith('{');
            if (isParameter ? segments[i].Length == 0 : !string.Equals(parts[i], segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
