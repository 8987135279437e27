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
        var after = WholeNumber(query, "after", 0, long.MaxValue, 0, "a whole number, 0 or more");
        var limit = (int)WholeNumber(query, "limit", 1, MaxLimit, MaxLimit, $"a whole number from 1 to {MaxLimit}");
        var maxSeconds = Math.Floor(maxWait.TotalSeconds);
        var wait = TimeSpan.Zero;
        if (Single(query, "wait_s") is { } waitText)
        {
            if (!double.TryParse(waitText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) ||
                double.IsNaN(seconds) || seconds < 0 || seconds > maxSeconds)
            {
                throw Invalid($"wait_s must be a number of seconds from 0 to {maxSeconds.ToString(CultureInfo.InvariantCulture)}");
            }

            wait = TimeSpan.FromSeconds(seconds);
        }

        return new UpdatesQuery(after, limit, wait);
    }

    /// <summary>Reads an optional <c>after</c> (the WebSocket's <c>?after=</c>).</summary>
    public static long? OptionalAfter(IQueryCollection query) =>
        Single(query, "after") is null ? null : WholeNumber(query, "after", 0, long.MaxValue, 0, "a whole number, 0 or more");

    private static long WholeNumber(IQueryCollection query, string name, long min, long max, long fallback, string expected)
    {
        if (Single(query, name) is not { } text)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Invalid($"{name} must be {expected}");
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 ? values[0] ?? string.Empty : throw Invalid($"{name} must be given once");
    }

    private static NodException Invalid(string detail) => new(NodErrorKind.InvalidRequest, detail);
}
