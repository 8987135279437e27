using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nod;
using Nod.AspNetCore;
using Nod.AspNetCore.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Nod's HTTP API into an ASP.NET Core host.</summary>
public static class NodEndpointRouteBuilderExtensions
{
    // The engines (by their client factory) whose API is mapped: one MapNod() per host.
    private static readonly ConditionalWeakTable<INodClientFactory, object> Mapped = [];

    /// <summary>
    /// Maps the agent-facing Nod API (PROTOCOL §2–§4), so an agent written against Nod's public API works unchanged:
    /// <list type="bullet">
    /// <item><c>POST {prefix}/api/agent/events</c> — any agent event (<c>Idempotency-Key</c> supported);</item>
    /// <item><c>GET {prefix}/api/agent/updates?after=&amp;limit=&amp;wait_s=</c> — the update log, long-polled with <c>wait_s</c>;</item>
    /// <item><c>GET {prefix}/api/agent/decisions/{decision_id}</c> and <c>POST …/{decision_id}/cancel</c>;</item>
    /// <item><c>{prefix}/api/agent/tasks…</c> — the agent's tasks, due runs, pending triggers, run start and completion;</item>
    /// <item><c>POST {prefix}/api/triggers/{trigger_id}</c> — an event task's inbound trigger (the token is the credential);</item>
    /// <item><c>GET {prefix}/ws/agent/{agent_id}</c> — the agent WebSocket.</item>
    /// </list>
    /// Agents authenticate with their own credentials (<c>X-Nod-Agent-Id</c> / <c>X-Nod-Secret</c>, or the WebSocket auth
    /// frame), so these endpoints allow anonymous callers even when the host requires authorization on the group.
    /// The prefix is recorded as <see cref="NodOptions.RoutePrefix"/>, so trigger URLs include it (on a route group, with
    /// the group's prefix once the host has started).
    /// <para>
    /// Also maps the app API for people (PROTOCOL §7, unless <see cref="NodHttpOptions.EnableAppApi"/> is off):
    /// <c>{prefix}/api/app/…</c> and the live stream <c>GET {prefix}/ws/app</c>, behind the host's own authentication and
    /// <see cref="NodHttpOptions.AppAuthorizationPolicy"/>; the signed-in user sees only agents they own or that are
    /// shared with them.
    /// </para>
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="prefix">A path prefix for every Nod route, e.g. <c>/nod</c>; empty by default.</param>
    /// <returns>The route group holding Nod's endpoints, for further conventions.</returns>
    /// <exception cref="InvalidOperationException">
    /// <c>AddNod()</c> was not called; or <c>MapNod()</c> was already called for this host; or the app API is on and the
    /// host has no authentication configured, or names an authorization policy that does not exist.
    /// </exception>
    /// <exception cref="OptionsValidationException">A <see cref="NodHttpOptions"/> value is impossible.</exception>
    public static RouteGroupBuilder MapNod(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var services = endpoints.ServiceProvider;
        var registered = services.GetService<IServiceProviderIsService>() is { } isService
            ? isService.IsService(typeof(INodClientFactory))
            : services.GetService<INodClientFactory>() is not null;
        if (!registered)
        {
            throw new InvalidOperationException(
                "Nod is not registered: add builder.Services.AddNod() before building the app, then call app.MapNod(). " +
                "MapNod() maps the HTTP API of the engine that AddNod() registers.");
        }

        // A second mapping would make every route ambiguous (same prefix) or split the per-agent rate limit and leave
        // trigger URLs pointing at one prefix only (another prefix): refuse it while the host is being built.
        var factory = services.GetRequiredService<INodClientFactory>();
        if (Mapped.TryGetValue(factory, out _))
        {
            throw new InvalidOperationException(
                "MapNod() was already called for this host: call it once. To serve Nod under a prefix, pass it to that one call " +
                "(app.MapNod(\"/nod\")); to add conventions, chain them on the group it returns.");
        }

        var options = services.GetRequiredService<IOptions<NodHttpOptions>>().Value;
        var validation = new NodHttpOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(NodHttpOptions), validation.Failures);
        }

        var lifetime = services.GetService<IHostApplicationLifetime>();
        var api = new AgentApi(
            factory,
            services.GetRequiredService<IOptions<NodOptions>>().Value.Limits,
            options,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>()?.CreateLogger("Nod.AspNetCore") ?? NullLogger.Instance,
            lifetime?.ApplicationStopping ?? CancellationToken.None);
        lifetime?.ApplicationStopped.Register(api.Dispose);

        // Mapped at the normalized prefix, the one recorded for trigger URLs, so the two never differ (" /nod ", "nod/").
        var routePrefix = TaskRoutes.NormalizePrefix(prefix);
        var group = endpoints.MapGroup(routePrefix);
        var rest = new AgentRestEndpoints(api);
        group.MapPost("/api/agent/events", rest.PostEventAsync).AllowAnonymous();
        group.MapGet("/api/agent/updates", rest.GetUpdatesAsync).AllowAnonymous().DisableRequestTimeout();
        group.MapGet("/api/agent/decisions/{decision_id}", rest.GetDecisionAsync).AllowAnonymous();
        group.MapPost("/api/agent/decisions/{decision_id}/cancel", rest.CancelDecisionAsync).AllowAnonymous();
        TaskRoutes.Map(group, api, services.GetRequiredService<IOptions<NodOptions>>().Value, routePrefix, lifetime);
        group.Map("/api/agent/{**path}", rest.UnknownAsync).AllowAnonymous();

        // The WebSocket middleware runs inside the endpoint, so hosts need not call UseWebSockets() (it is a no-op if they did).
        var socket = new AgentWebSocketEndpoint(api);
        var socketPipeline = endpoints.CreateApplicationBuilder();
        socketPipeline.UseWebSockets();
        socketPipeline.Run(socket.HandleAsync);
        // GET for HTTP/1.1 upgrades, CONNECT for WebSockets over HTTP/2 (RFC 8441).
        group.MapMethods("/ws/agent/{agent_id}", [HttpMethods.Get, HttpMethods.Connect], socketPipeline.Build())
            .AllowAnonymous()
            .DisableRequestTimeout();
        group.Map("/ws/agent/{**path}", AgentWebSocketEndpoint.UnknownAsync).AllowAnonymous();

        // The app API (people's apps, PROTOCOL §7), behind the host's own authentication.
        AppEndpoints.Map(endpoints, group, options, api.Factory, api.Time, api.Logger, api.Stopping);
        if (endpoints is RouteGroupBuilder)
        {
            // Builds the endpoints once the host has started, so the trigger route records the outer groups' prefix
            // (see TaskRoutes) before the first request rather than at it.
            lifetime?.ApplicationStarted.Register(() => _ = services.GetService<EndpointDataSource>()?.Endpoints);
        }

        Mapped.AddOrUpdate(factory, group);
        return group;
    }
}
