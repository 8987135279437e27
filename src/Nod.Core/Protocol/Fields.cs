namespace Nod.Protocol;

/// <summary>
/// Field rules shared by every input path (agent events, user requests): each failure is a 400 whose detail names
/// the field.
/// </summary>
internal static class Fields
{
    public static string Required(string? value, string field, int maxLength, string? whenMissing = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw NodException.Invalid(whenMissing ?? (value is null ? $"{field} is required" : $"{field} must not be empty"));
        }

        return Text(value, field, maxLength)!;
    }

    public static string? Text(string? value, string field, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            throw NodException.Invalid($"{field} is longer than {maxLength} characters");
        }

        return value;
    }

    /// <summary>
    /// An id of at most <paramref name="maxLength"/> UTF-16 code units: at most 3 UTF-8 bytes each, the unit
    /// <see cref="NodLimits.LargestMaxIdLength"/> is worked out in.
    /// </summary>
    public static string? Id(string? value, string field, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length == 0)
        {
            throw NodException.Invalid($"{field} must not be empty");
        }

        return Text(value, field, maxLength);
    }

    /// <summary>An absolute http or https URL.</summary>
    public static string? HttpUrl(string? value, string field, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        Text(value, field, maxLength);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw NodException.Invalid($"{field} must be an absolute http or https URL");
        }

        return value;
    }

    /// <summary>An http(s) URL, or a <c>data:</c> URL of the given media type family (e.g. <c>image/</c>).</summary>
    public static string MediaUrl(string? value, string field, string dataPrefix, int maxUrlLength, int maxDataBytes)
    {
        var url = Required(value, field, int.MaxValue);
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            if (!url.StartsWith("data:" + dataPrefix, StringComparison.OrdinalIgnoreCase) || !url.Contains(";base64,", StringComparison.OrdinalIgnoreCase))
            {
                throw NodException.Invalid($"{field} must be an http(s) URL or a base64 data:{dataPrefix}… URL");
            }

            if ((long)url.Length * 3 / 4 > maxDataBytes + 256L)
            {
                throw NodException.Invalid($"{field} is larger than {maxDataBytes} bytes");
            }

            return url;
        }

        return HttpUrl(url, field, maxUrlLength)!;
    }
}
