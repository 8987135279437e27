using Microsoft.AspNetCore.Http;
using Nod.Model;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// Query parameters of the app API (<c>before</c>, <c>limit</c>, <c>status</c>, <c>agent_id</c>, …). A malformed
/// value is a 400 naming the parameter; unknown parameters are ignored.
/// </summary>
internal static class AppQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    /// <summary><c>limit</c>: 1–100, default 50.</summary>
    public static int Limit(IQueryCollection query) =>
        (int)(QueryParameters.WholeNumber(query, "limit", 1, MaxLimit, $"a whole number from 1 to {MaxLimit}") ?? DefaultLimit);

    /// <summary><c>before</c>: a <c>seq</c> (a previous page's <c>next_before</c>), or none for the newest page.</summary>
    public static long? Before(IQueryCollection query) => QueryParameters.WholeNumber(query, "before", 0, long.MaxValue, "a whole number, 0 or more (a next_before)");

    /// <summary><c>after</c> of <c>/ws/app</c>: resume after this <c>seq</c>.</summary>
    public static long? After(IQueryCollection query) => QueryParameters.WholeNumber(query, "after", 0, long.MaxValue, "a whole number, 0 or more (the last seq received)");

    /// <summary>An optional id filter such as <c>agent_id</c>; present but empty is a 400.</summary>
    public static string? Id(IQueryCollection query, string name) =>
        QueryParameters.Single(query, name) switch
        {
            null => null,
            { Length: 0 } => throw QueryParameters.Invalid($"{name} must not be empty"),
            var value => value,
        };

    /// <summary><c>status</c> of <c>GET /api/app/decisions</c>: pending (default), resolved or all.</summary>
    public static DecisionFilter DecisionStatus(IQueryCollection query) => QueryParameters.Single(query, "status") switch
    {
        null or "pending" => DecisionFilter.Pending,
        "resolved" => DecisionFilter.Resolved,
        "all" => DecisionFilter.All,
        _ => throw QueryParameters.Invalid("status must be pending, resolved or all"),
    };

    /// <summary><c>status</c> of <c>GET …/deliveries</c>: pending, delivered or failed; none for all.</summary>
    public static DeliveryStatus? DeliveryStatus(IQueryCollection query) => QueryParameters.Single(query, "status") switch
    {
        null => null,
        "pending" => Model.DeliveryStatus.Pending,
        "delivered" => Model.DeliveryStatus.Delivered,
        "failed" => Model.DeliveryStatus.Failed,
        _ => throw QueryParameters.Invalid("status must be pending, delivered or failed"),
    };
}
