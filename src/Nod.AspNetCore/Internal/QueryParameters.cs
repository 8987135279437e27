using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Nod.AspNetCore.Internal;

/// <summary>Reads query parameters strictly: a malformed or repeated value is a 400 that names the parameter.</summary>
internal static class QueryParameters
{
    /// <summary>The parameter's one value, <see langword="null"/> when absent; given twice is a 400.</summary>
    public static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 ? values[0] ?? string.Empty : throw Invalid($"{name} must be given once");
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or <see langword="null"/> when absent.</summary>
    public static long? WholeNumber(IQueryCollection query, string name, long min, long max, string expected)
    {
        if (Single(query, name) is not { } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Invalid($"{name} must be {expected}");
    }

    public static NodException Invalid(string detail) => new(NodErrorKind.InvalidRequest, detail);
}
