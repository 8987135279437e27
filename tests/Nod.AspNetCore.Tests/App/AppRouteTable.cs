using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests.App;

/// <summary>What another user must get from a route when aimed at the owner's resources.</summary>
public enum ForeignExpectation
{
    /// <summary>The route names one of the owner's ids: 404, as if it did not exist.</summary>
    NotFound,

    /// <summary>The route names no id (lists, me, create): it answers, and nothing of the owner's is in the answer.</summary>
    NothingOfTheOwners,
}

/// <summary>One app REST route, and how to aim it at an owner's resources.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Pattern">The route pattern as mapped (compared with the host's endpoints).</param>
/// <param name="Path">The concrete path (with query) for the owner's resources.</param>
/// <param name="Body">A valid body, so that a 404 is not hidden behind a 400.</param>
/// <param name="Expectation">What another user gets.</param>
public sealed record AppRouteCase(string Method, string Pattern, Func<OwnedResources, string> Path, string? Body, ForeignExpectation Expectation)
{
    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// Every app REST route of PROTOCOL §7 (and the NE additions), once. <c>AppRouteTableTests</c> checks it against the
/// endpoints the host actually mapped, so a new route cannot be left out of the access and 401 tests.
/// </summary>
public static class AppRouteTable
{
    private const ForeignExpectation NotFound = ForeignExpectation.NotFound;
    private const ForeignExpectation Nothing = ForeignExpectation.NothingOfTheOwners;

    public static IReadOnlyList<AppRouteCase> Routes { get; } =
    [
        new("GET", "/api/app/me", _ => "api/app/me", null, Nothing),
        new("POST", "/api/app/agents", _ => "api/app/agents", """{"name":"Mine"}""", Nothing),
        new("GET", "/api/app/agents", _ => "api/app/agents", null, Nothing),
        new("GET", "/api/app/agents/{agent_id}", r => $"api/app/agents/{r.AgentId}", null, NotFound),
        new("PATCH", "/api/app/agents/{agent_id}", r => $"api/app/agents/{r.AgentId}", """{"name":"Hijacked"}""", NotFound),
        new("DELETE", "/api/app/agents/{agent_id}", r => $"api/app/agents/{r.AgentId}", null, NotFound),
        new("POST", "/api/app/agents/{agent_id}/rotate-secret", r => $"api/app/agents/{r.AgentId}/rotate-secret", null, NotFound),
        new("POST", "/api/app/agents/{agent_id}/rotate-webhook-secret", r => $"api/app/agents/{r.AgentId}/rotate-webhook-secret", null, NotFound),
        new("POST", "/api/app/agents/{agent_id}/shares", r => $"api/app/agents/{r.AgentId}/shares", """{"user_id":"mallory"}""", NotFound),
        new("DELETE", "/api/app/agents/{agent_id}/shares/{user_id}", r => $"api/app/agents/{r.AgentId}/shares/{r.SharedWithUserId}", null, NotFound),
        new("GET", "/api/app/agents/{agent_id}/conversations", r => $"api/app/agents/{r.AgentId}/conversations", null, NotFound),
        new("POST", "/api/app/agents/{agent_id}/conversations", r => $"api/app/agents/{r.AgentId}/conversations", """{"title":"Side chat"}""", NotFound),
        new("GET", "/api/app/conversations/{conversation_id}", r => $"api/app/conversations/{r.ConversationId}", null, NotFound),
        new("GET", "/api/app/conversations/{conversation_id}/messages", r => $"api/app/conversations/{r.ConversationId}/messages?limit=10", null, NotFound),
        new("POST", "/api/app/conversations/{conversation_id}/messages", r => $"api/app/conversations/{r.ConversationId}/messages", """{"text":"psst"}""", NotFound),
        new("GET", "/api/app/decisions", _ => "api/app/decisions?status=all", null, Nothing),
        new("GET", "/api/app/decisions/{decision_id}", r => $"api/app/decisions/{r.DecisionId}", null, NotFound),
        new("POST", "/api/app/decisions/{decision_id}/resolve", r => $"api/app/decisions/{r.DecisionId}/resolve", """{"status":"approved"}""", NotFound),
        new("GET", "/api/app/agents/{agent_id}/rules", r => $"api/app/agents/{r.AgentId}/rules", null, NotFound),
        new("POST", "/api/app/agents/{agent_id}/rules", r => $"api/app/agents/{r.AgentId}/rules", """{"pattern":"*","effect":"allow"}""", NotFound),
        new("DELETE", "/api/app/agents/{agent_id}/rules/{rule_id}", r => $"api/app/agents/{r.AgentId}/rules/{r.RuleId}", null, NotFound),
        new("GET", "/api/app/activity", _ => "api/app/activity", null, Nothing),
        new("GET", "/api/app/indicators", _ => "api/app/indicators", null, Nothing),
        new("GET", "/api/app/agents/{agent_id}/tasks", r => $"api/app/agents/{r.AgentId}/tasks", null, NotFound),
        new("POST", "/api/app/agents/{agent_id}/tasks", r => $"api/app/agents/{r.AgentId}/tasks", """{"name":"n","prompt":"p","schedule":"0 9 * * *"}""", NotFound),
        new("GET", "/api/app/tasks/{task_id}", r => $"api/app/tasks/{r.TaskId}", null, NotFound),
        new("PATCH", "/api/app/tasks/{task_id}", r => $"api/app/tasks/{r.TaskId}", """{"enabled":false}""", NotFound),
        new("DELETE", "/api/app/tasks/{task_id}", r => $"api/app/tasks/{r.TaskId}", null, NotFound),
        new("POST", "/api/app/tasks/{task_id}/run", r => $"api/app/tasks/{r.TaskId}/run", null, NotFound),
        new("GET", "/api/app/tasks/{task_id}/runs", r => $"api/app/tasks/{r.TaskId}/runs", null, NotFound),
        new("GET", "/api/app/agents/{agent_id}/deliveries", r => $"api/app/agents/{r.AgentId}/deliveries", null, NotFound),
        new("POST", "/api/app/agents/{agent_id}/deliveries/{event_id}/redeliver", r => $"api/app/agents/{r.AgentId}/deliveries/evt_00000000000000ff/redeliver", null, NotFound),
    ];

    /// <summary>
    /// Filters that name one of the owner's ids on a route that otherwise lists the caller's own things: 404 too
    /// (PROTOCOL §7: filtering by another user's <c>agent_id</c> → 404).
    /// </summary>
    public static IReadOnlyList<(string Name, Func<OwnedResources, string> Path)> ForeignFilters { get; } =
    [
        ("decisions by agent_id", r => $"api/app/decisions?agent_id={r.AgentId}"),
        ("decisions by conversation_id", r => $"api/app/decisions?status=all&conversation_id={r.ConversationId}"),
        ("activity by agent_id", r => $"api/app/activity?agent_id={r.AgentId}"),
    ];

    public static TheoryData<AppRouteCase> All()
    {
        var data = new TheoryData<AppRouteCase>();
        foreach (var route in Routes)
        {
            data.Add(route);
        }

        return data;
    }
}
