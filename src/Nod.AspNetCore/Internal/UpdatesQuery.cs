using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// The query of <c>GET /api/agent/updates?after=&amp;limit=&amp;wait_s=</c> (PROTOCOL §4). Every malformed value is a
/// 400 that names the parameter, never a server error.
/// </summary>
internal readonly record struct UpdatesQuery(long After, int Limit, TimeSpan Wait)
{
    public const int MaxLimit = 100;

    public static UpdatesQuery Parse(IQueryCollection query, TimeSpan maxWait)
    {
        var after = QueryParameters.WholeNumber(query, "after", 0, long.MaxValue, "a whole number, 0 or more") ?? 0;
        var limit = (int)(QueryParameters.WholeNumber(query, "limit", 1, MaxLimit, $"a whole number from 1 to {MaxLimit}") ?? MaxLimit);
        var maxSeconds = Math.Floor(maxWait.TotalSeconds);
        var wait = TimeSpan.Zero;
        if (QueryParameters.Single(query, "wait_s") is { } waitText)
        {
            if (!double.TryParse(waitText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) ||
                double.IsNaN(seconds) || seconds < 0 || seconds > maxSeconds)
            {
                throw QueryParameters.Invalid($"wait_s must be a number of seconds from 0 to {maxSeconds.ToString(CultureInfo.InvariantCulture)}");
            }

            wait = TimeSpan.FromSeconds(seconds);
        }

        return new UpdatesQuery(after, limit, wait);
    }

    /// <summary>Reads an optional <c>after</c> (the WebSocket's <c>?after=</c>).</summary>
    public static long? OptionalAfter(IQueryCollection query) =>
        QueryParameters.WholeNumber(query, "after", 0, long.MaxValue, "a whole number, 0 or more");
}
