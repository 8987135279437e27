using Microsoft.AspNetCore.Http;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// Which browser origins may open <c>/ws/app</c> (PROTOCOL §7): the request's own host, plus
/// <see cref="NodHttpOptions.AppAllowedOrigins"/>. Checked before the upgrade, so a foreign page cannot open a socket
/// that carries the user's cookies (cross-site WebSocket hijacking).
/// </summary>
internal sealed class AppOrigins
{
    private readonly HashSet<string> _allowed;

    public AppOrigins(IEnumerable<string> configured)
    {
        _allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in configured)
        {
            if (TryNormalize(origin, out var normalized))
            {
                _allowed.Add(normalized);
            }
        }
    }

    /// <summary>
    /// <c>scheme://host:port</c> in lower case with the port always written, for an absolute http(s) origin without
    /// path, query, fragment or user info; <see langword="false"/> for anything else (including the opaque <c>null</c>).
    /// </summary>
    public static bool TryNormalize(string? value, out string normalized)
    {
        normalized = string.Empty;
        if (!TryParse(value, out var uri))
        {
            return false;
        }

        // IdnHost: browsers send an internationalized host as punycode, whatever form the option was written in.
        var host = uri.HostNameType == UriHostNameType.Dns ? uri.IdnHost : uri.Host;
        normalized = string.Concat(uri.Scheme, "://", host.ToLowerInvariant(), ":", uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>Whether the upgrade request may proceed; <paramref name="origin"/> is what it sent (for the error detail).</summary>
    public bool IsAllowed(HttpRequest request, out string? origin)
    {
        var values = request.Headers.Origin;
        origin = values.Count > 0 ? values[0] : null;
        if (values.Count == 0)
        {
            // Not a browser (browsers always send Origin on a WebSocket handshake).
            return true;
        }

        if (values.Count > 1 || !TryParse(origin, out var parsed) || !TryNormalize(origin, out var normalized))
        {
            return false;
        }

        if (_allowed.Contains(normalized))
        {
            return true;
        }

        // Same host: the Host header read with the origin's scheme, so a missing port means the scheme's default one.
        return request.Host.HasValue &&
               Uri.TryCreate(string.Concat(parsed.Scheme, "://", request.Host.Value), UriKind.Absolute, out var own) &&
               string.Equals(own.Host, parsed.Host, StringComparison.OrdinalIgnoreCase) &&
               own.Port == parsed.Port;
    }

    private static bool TryParse(string? value, out Uri uri)
    {
        uri = null!;
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value, UriKind.Absolute, out var parsed))
        {
            return false;
        }

        if ((parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps) ||
            parsed.AbsolutePath != "/" || parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0)
        {
            return false;
        }

        uri = parsed;
        return true;
    }
}
