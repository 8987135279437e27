using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nod.AspNetCore.Internal;

/// <summary>Maps the app API (PROTOCOL §7) into the <c>MapNod()</c> group, behind the host's authentication.</summary>
internal static class AppEndpoints
{
    /// <summary>
    /// Maps every route of <see cref="AppRoutes"/>, the <c>/api/app/…</c> fallback and <c>/ws/app</c> in a sub-group
    /// that requires <see cref="NodHttpOptions.AppAuthorizationPolicy"/> (or the host's default policy).
    /// </summary>
    /// <exception cref="InvalidOperationException">The host has no authentication, or the named policy does not exist.</exception>
    public static void Map(
        IEndpointRouteBuilder endpoints, RouteGroupBuilder group, NodHttpOptions options, INodClientFactory factory, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        if (!options.EnableAppApi)
        {
            return;
        }

        EnsureAuthentication(endpoints.ServiceProvider, options);
        var api = new AppApi(factory, options, time, logger, stopping);
        var app = group.MapGroup(string.Empty);
        if (options.AppAuthorizationPolicy is { } policy)
        {
            app.RequireAuthorization(policy);
        }
        else
        {
            app.RequireAuthorization();
        }

        var rest = new AppRestEndpoints(api);
        foreach (var route in AppRoutes.All)
        {
            app.MapMethods(route.Pattern, [route.Method], route.Handler(rest));
        }

        app.Map("/api/app/{**path}", rest.UnknownAsync);

        // As for the agent socket, the WebSocket middleware runs inside the endpoint (no UseWebSockets() needed).
        var socket = new AppWebSocketEndpoint(api);
        var socketPipeline = endpoints.CreateApplicationBuilder();
        socketPipeline.Use(BurstUpgradeFeature.InstallAsync);
        socketPipeline.UseWebSockets();
        socketPipeline.Run(socket.HandleAsync);
        // GET for HTTP/1.1 upgrades, CONNECT for WebSockets over HTTP/2 (RFC 8441).
        app.MapMethods("/ws/app", [HttpMethods.Get, HttpMethods.Connect], socketPipeline.Build()).DisableRequestTimeout();
    }

    /// <summary>
    /// Without authentication the authorization middleware could not challenge, and every app request would be a 500:
    /// refuse at start-up instead, saying what to add.
    /// </summary>
    private static void EnsureAuthentication(IServiceProvider services, NodHttpOptions options)
    {
        const string Disable = "A host that only serves agents can leave the app API out: AddNod().ConfigureHttp(o => o.EnableAppApi = false).";
        var schemes = services.GetService<IAuthenticationSchemeProvider>();
        var policies = services.GetService<IAuthorizationPolicyProvider>();
        var all = schemes?.GetAllSchemesAsync();
        if (schemes is null || policies is null || (all is { IsCompletedSuccessfully: true } && !all.Result.Any()))
        {
            throw new InvalidOperationException(
                "The Nod app API (/api/app/…, /ws/app) uses the host's own ASP.NET Core authentication, and none is configured: " +
                "add builder.Services.AddAuthentication(…) with a scheme (cookies, JWT bearer, …) and builder.Services.AddAuthorization() " +
                "before building the app; the signed-in user's NameIdentifier and Name claims become the Nod user (NodHttpOptions.ResolveAppUser changes that). " +
                Disable);
        }

        if (options.AppAuthorizationPolicy is { } name && policies.GetPolicyAsync(name) is { IsCompletedSuccessfully: true, Result: null })
        {
            throw new InvalidOperationException(
                $"NodHttpOptions.AppAuthorizationPolicy is '{name}', but no such authorization policy is registered: " +
                $"add it with builder.Services.AddAuthorization(o => o.AddPolicy(\"{name}\", …)), or leave the option null for the default policy.");
        }
    }
}
