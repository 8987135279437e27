using Microsoft.Net.Http.Headers;

namespace Nod.AspNetCore.Internal;

/// <summary>Decides whether a request's <c>Content-Type</c> announces JSON (PROTOCOL §2: anything else is 415).</summary>
internal static class JsonContentType
{
    /// <summary>
    /// Whether the body may be read as JSON: <c>application/json</c> or any <c>+json</c> type, in UTF-8. A request
    /// without a <c>Content-Type</c> is read as JSON too, as Nod's own API does, so bare HTTP clients keep working.
    /// </summary>
    /// <param name="contentType">The header value.</param>
    /// <param name="detail">Why it is refused.</param>
    public static bool IsAcceptable(string? contentType, out string detail)
    {
        detail = string.Empty;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            detail = "Content-Type must be application/json";
            return false;
        }

        var isJson = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                     mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        if (!isJson)
        {
            detail = $"Content-Type must be application/json (was {HttpResponses.Bounded(mediaType.MediaType.Value, 60)})";
            return false;
        }

        // RFC 9110 allows the parameter quoted: charset="UTF-8".
        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        if (charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            detail = $"Content-Type charset must be utf-8 (was {HttpResponses.Bounded(charset.Value, 60)})";
            return false;
        }

        return true;
    }
}
