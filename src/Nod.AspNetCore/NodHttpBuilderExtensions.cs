using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nod;
using Nod.AspNetCore;
using Nod.AspNetCore.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures Nod's HTTP transports (the endpoints <c>MapNod()</c> maps).</summary>
public static class NodHttpBuilderExtensions
{
    /// <summary>
    /// Sets the HTTP transport options (size limits, WebSocket timeouts, rate limit, the app API and its authorization).
    /// Optional: <c>MapNod()</c> uses the defaults of PROTOCOL §8 without it. The options are validated when the host
    /// starts, and again by <c>MapNod()</c>.
    /// </summary>
    /// <param name="builder">The builder <c>AddNod()</c> returned.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same builder.</returns>
    /// <example><code>builder.Services.AddNod().ConfigureHttp(o => o.RateLimitPerSecond = 20);</code></example>
    public static INodBuilder ConfigureHttp(this INodBuilder builder, Action<NodHttpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<NodHttpOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodHttpOptions>, NodHttpOptionsValidator>());
        return builder;
    }
}
