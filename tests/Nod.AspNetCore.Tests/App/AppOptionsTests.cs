using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests.App;

/// <summary>
/// How a host plugs its authentication into the app API: the fix-it without authentication, opting out, a named
/// policy or one chained on the group, a user resolver, the prefix; and the app options' validation.
/// </summary>
public sealed class AppOptionsTests
{
    [Fact]
    public async Task MapNod_HostWithoutAuthentication_ThrowsAFixItMessage()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddNod();
        await using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapNod());

        Assert.Contains("AddAuthentication", ex.Message);
        Assert.Contains("AddAuthorization", ex.Message);
        Assert.Contains("EnableAppApi = false", ex.Message);
    }

    [Fact]
    public async Task MapNod_AuthorizationWithoutAnyScheme_ThrowsAFixItMessage()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        builder.Services.AddNod();
        await using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapNod());

        Assert.Contains("with a scheme", ex.Message);
    }

    [Fact]
    public async Task MapNod_AppApiDisabled_NeedsNoAuthenticationAndMapsOnlyTheAgentApi()
    {
        await using var host = await StartAsync(
            configure: _ => { },
            http: o => o.EnableAppApi = false,
            authentication: false);
        var agent = await host.Nod.ForUser("alice", "Alice").CreateAgentAsync(new Model.CreateAgentRequest { Name = "A" }).Within();

        using var app = await host.Http.GetAsync("api/app/me").Within();
        var (events, _) = await host.PostEventAsync(agent, """{"type":"alert","title":"x"}""");

        Assert.Equal(HttpStatusCode.NotFound, app.StatusCode);
        Assert.Equal(200, events);
    }

    [Fact]
    public async Task MapNod_UnknownPolicyName_ThrowsNamingTheOptionAndThePolicy()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        TestAuthentication.Add(builder.Services);
        builder.Services.AddNod().ConfigureHttp(o => o.AppAuthorizationPolicy = "NodUsers");
        await using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapNod());

        Assert.Contains("NodHttpOptions.AppAuthorizationPolicy", ex.Message);
        Assert.Contains("NodUsers", ex.Message);
    }

    [Fact]
    public async Task AppAuthorizationPolicy_Named_AppliesToRestAndTheSocketButNotToAgents()
    {
        await using var host = await StartAsync(
            configure: b => b.Services.AddAuthorization(o => o.AddPolicy("NodUsers", p => p.RequireAuthenticatedUser().RequireClaim(ClaimTypes.Name, "Alice"))),
            http: o => o.AppAuthorizationPolicy = "NodUsers");
        var agent = await host.Nod.ForUser("carol", "Carol").CreateAgentAsync(new Model.CreateAgentRequest { Name = "A" }).Within();

        var (alice, _) = await host.AppGetAsync("alice", "api/app/me");
        var (bob, _) = await host.AppGetAsync("bob", "api/app/me");
        var bobSocket = await host.RefusedAppUpgradeAsync("bob");
        var (events, _) = await host.PostEventAsync(agent, """{"type":"alert","title":"x"}""");

        Assert.Equal(200, alice);
        Assert.Equal(403, bob);
        Assert.Equal(HttpStatusCode.Forbidden, bobSocket);
        Assert.Equal(200, events);
    }

    [Fact]
    public async Task RequireAuthorization_ChainedOnTheGroup_AppliesToTheAppApiButNotToAgents()
    {
        await using var host = await StartAsync(
            configure: b => b.Services.AddAuthorization(o => o.AddPolicy("Admins", p => p.RequireClaim(ClaimTypes.Name, "Alice"))),
            map: app => app.MapNod().RequireAuthorization("Admins"));
        var agent = await host.Nod.ForUser("carol", "Carol").CreateAgentAsync(new Model.CreateAgentRequest { Name = "A" }).Within();

        var (alice, _) = await host.AppGetAsync("alice", "api/app/agents");
        var (bob, _) = await host.AppGetAsync("bob", "api/app/agents");
        var (events, _) = await host.PostEventAsync(agent, """{"type":"alert","title":"x"}""");

        Assert.Equal(200, alice);
        Assert.Equal(403, bob);
        Assert.Equal(200, events);
    }

    [Fact]
    public async Task ResolveAppUser_Delegate_DecidesWhoTheUserIsAndNullIs401()
    {
        await using var host = await StartAsync(http: o => o.ResolveAppUser = context =>
            context.Request.Headers["X-Tenant"] is { Count: 1 } tenant
                ? new NodAppUser($"{tenant[0]}:{context.User.FindFirstValue(ClaimTypes.NameIdentifier)}", string.Empty)
                : null);
        using var withTenant = NodWebHost.AppRequest("alice", HttpMethod.Get, "api/app/me");
        withTenant.Headers.Add("X-Tenant", "acme");
        using var withoutTenant = NodWebHost.AppRequest("alice", HttpMethod.Get, "api/app/me");

        var (status, me) = await host.SendRawAsync(withTenant);
        var (refused, error) = await host.SendRawAsync(withoutTenant);

        Assert.Equal(200, status);
        Assert.Equal("acme:alice", me.GetProperty("user_id").GetString());
        Assert.Equal("acme:alice", me.GetProperty("name").GetString());   // an empty name falls back to the id
        Assert.Equal(401, refused);
        Assert.Contains("sign in", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MapNod_WithAPrefix_MapsTheAppApiAndSocketUnderIt()
    {
        await using var host = await NodWebHost.StartAsync(prefix: "/nod");

        var (me, _) = await host.AppGetAsync("alice", "api/app/me");   // relative to http://…/nod/
        var (socket, _) = await host.ConnectAppAsync("alice");
        using var outside = new HttpClient { BaseAddress = new Uri($"http://{host.BaseAddress.Authority}/") };
        using var unprefixed = await outside.SendAsync(NodWebHost.AppRequest("alice", HttpMethod.Get, "api/app/me")).Within();

        Assert.Equal(200, me);
        Assert.Equal("/nod/ws/app", host.AppSocketUri().AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, unprefixed.StatusCode);
        await socket.DisposeAsync();
    }

    [Theory]
    [InlineData(nameof(NodHttpOptions.MaxAppRequestBodySize))]
    [InlineData(nameof(NodHttpOptions.MaxAppWebSocketMessageSize))]
    [InlineData(nameof(NodHttpOptions.AppAllowedOrigins))]
    [InlineData(nameof(NodHttpOptions.AppAuthorizationPolicy))]
    public Task ConfigureHttp_ImpossibleAppValue_FailsAtStartNamingTheOption(string option)
    {
        return InvalidHttpOptions.AssertRefusedAsync(option, o =>
        {
            switch (option)
            {
                case nameof(NodHttpOptions.MaxAppRequestBodySize): o.MaxAppRequestBodySize = 0; break;
                case nameof(NodHttpOptions.MaxAppWebSocketMessageSize): o.MaxAppWebSocketMessageSize = -1; break;
                case nameof(NodHttpOptions.AppAllowedOrigins): o.AppAllowedOrigins.Add("app.example.com/path"); break;
                case nameof(NodHttpOptions.AppAuthorizationPolicy): o.AppAuthorizationPolicy = " "; break;
            }
        });
    }

    [Fact]
    public void Options_AppDefaults_AreTheLimitsOfTheProtocol()
    {
        var options = new NodHttpOptions();

        Assert.True(options.EnableAppApi);
        Assert.Null(options.AppAuthorizationPolicy);
        Assert.Null(options.ResolveAppUser);
        Assert.Empty(options.AppAllowedOrigins);
        Assert.Equal(1024 * 1024, options.MaxAppRequestBodySize);
        Assert.Equal(64 * 1024, options.MaxAppWebSocketMessageSize);
    }

    /// <summary>A host like <see cref="NodWebHost"/>, but with control over authentication and mapping.</summary>
    private static async Task<NodWebHost> StartAsync(
        Action<WebApplicationBuilder>? configure = null, Action<NodHttpOptions>? http = null, Action<WebApplication>? map = null, bool authentication = true) =>
        await NodWebHost.StartAsync(http: http, configure: configure, authentication: authentication, map: map);
}
