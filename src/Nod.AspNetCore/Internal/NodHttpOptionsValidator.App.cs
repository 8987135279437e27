namespace Nod.AspNetCore.Internal;

/// <summary>The app API options of <see cref="NodHttpOptions"/>.</summary>
internal sealed partial class NodHttpOptionsValidator
{
    private static void ValidateApp(NodHttpOptions options, List<string> failures)
    {
        if (options.MaxAppRequestBodySize < 1)
        {
            failures.Add($"NodHttpOptions.{nameof(NodHttpOptions.MaxAppRequestBodySize)} must be at least 1 (was {options.MaxAppRequestBodySize}).");
        }

        if (options.MaxAppWebSocketMessageSize < 1)
        {
            failures.Add($"NodHttpOptions.{nameof(NodHttpOptions.MaxAppWebSocketMessageSize)} must be at least 1 (was {options.MaxAppWebSocketMessageSize}).");
        }

        if (options.AppAuthorizationPolicy is { } policy && string.IsNullOrWhiteSpace(policy))
        {
            failures.Add(
                $"NodHttpOptions.{nameof(NodHttpOptions.AppAuthorizationPolicy)} must be a policy name, or null for the host's default policy (was '{policy}').");
        }

        foreach (var origin in options.AppAllowedOrigins)
        {
            if (!AppOrigins.TryNormalize(origin, out _))
            {
                failures.Add(
                    $"NodHttpOptions.{nameof(NodHttpOptions.AppAllowedOrigins)} holds '{origin}', which is not an origin: expected scheme://host[:port] with http or https and no path.");
            }
        }
    }
}
