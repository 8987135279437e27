using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// What every app endpoint shares: the client factory, the options, who the user is, the allowed origins, the clock
/// and the host's stopping signal. One instance per <c>MapNod()</c> call.
/// </summary>
internal sealed class AppApi(INodClientFactory factory, NodHttpOptions options, TimeProvider time, ILogger logger, CancellationToken stopping)
{
    // Authentication types already warned about for a principal without an id. The fault is the host's configuration,
    // not the request: one warning per type says what to fix, where one per request flooded the log. Bounded by the
    // handlers the host registered (the type is theirs to set, not the client's).
    private readonly ConcurrentDictionary<string, bool> _warnedNoUserId = new(StringComparer.Ordinal);

    public INodClientFactory Factory { get; } = factory;

    public NodHttpOptions Options { get; } = options;

    public AppOrigins Origins { get; } = new(options.AppAllowedOrigins);

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    /// <summary>Fires when the host begins to stop: app sockets close with 1001.</summary>
    public CancellationToken Stopping { get; } = stopping;

    /// <summary>The signed-in user's client: everything it does is limited to what the user may see.</summary>
    /// <exception cref="NodException">401 without a user; 403 for a principal Nod cannot identify.</exception>
    public NodUserClient User(HttpContext context)
    {
        var user = Options.ResolveAppUser is { } resolve ? resolve(context) : FromClaims(context);
        if (user is null || string.IsNullOrWhiteSpace(user.Id))
        {
            throw new NodException(NodErrorKind.Unauthorized, "sign in first: the app API needs an authenticated user");
        }

        return Factory.ForUser(user.Id, string.IsNullOrWhiteSpace(user.Name) ? user.Id : user.Name);
    }

    private NodAppUser? FromClaims(HttpContext context)
    {
        var principal = context.User;
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("sub");
        if (string.IsNullOrWhiteSpace(id))
        {
            if (_warnedNoUserId.TryAdd(principal.Identity.AuthenticationType ?? string.Empty, true))
            {
                AppLog.NoUserId(Logger, principal.Identity.AuthenticationType);
            }

            throw new NodException(
                NodErrorKind.Forbidden,
                "the signed-in user has no NameIdentifier or sub claim, so Nod cannot tell who it is (the host sets NodHttpOptions.ResolveAppUser)");
        }

        var name = principal.FindFirstValue(ClaimTypes.Name) ?? principal.FindFirstValue("name");
        return new NodAppUser(id, string.IsNullOrWhiteSpace(name) ? id : name);
    }
}
