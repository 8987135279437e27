using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nod.Model;

namespace Nod.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on 127.0.0.1 and a free port with <c>AddNod()</c> and <c>MapNod()</c>; tests create users and
/// agents in process, then talk to it only through <see cref="HttpClient"/> and <see cref="System.Net.WebSockets.ClientWebSocket"/>.
/// </summary>
public sealed partial class NodWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NodWebHost(WebApplication app, Uri baseAddress, string prefix)
    {
        _app = app;
        BaseAddress = baseAddress;
        Prefix = prefix;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TestTimeouts.Default };
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The MapNod prefix.</summary>
    public string Prefix { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public INodClientFactory Nod => Services.GetRequiredService<INodClientFactory>();

    public static async Task<NodWebHost> StartAsync(
        Action<NodOptions>? nod = null,
        Action<NodHttpOptions>? http = null,
        TimeProvider? time = null,
        string prefix = "",
        Action<WebApplicationBuilder>? configure = null,
        bool authentication = true,
        Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (authentication)
        {
            TestAuthentication.Add(builder.Services);         // the app API needs the host's authentication
        }

        configure?.Invoke(builder);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        var nodBuilder = builder.Services.AddNod(nod);
        if (http is not null)
        {
            nodBuilder.ConfigureHttp(http);
        }

        var app = builder.Build();
        if (map is null)
        {
            app.MapNod(prefix);
        }
        else
        {
            map(app);
        }

        await app.StartAsync().Within();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NodWebHost(app, new Uri(address.TrimEnd('/') + prefix + "/"), prefix);
    }

    /// <summary>The WebSocket URL of an agent.</summary>
    public Uri SocketUri(string agentId, string? query = null) =>
        new($"ws://{BaseAddress.Authority}{Prefix}/ws/agent/{agentId}{(query is null ? string.Empty : "?" + query)}");

    /// <summary>A user and a new agent of theirs (not connected).</summary>
    public async Task<(NodUserClient User, AgentCredentials Agent)> CreateAgentAsync(AgentType type = AgentType.Interactive, string userId = "alice")
    {
        var user = Nod.ForUser(userId, char.ToUpperInvariant(userId[0]) + userId[1..]);
        var credentials = await user.CreateAgentAsync(new CreateAgentRequest { Name = "Helper " + Guid.NewGuid().ToString("N")[..6], Type = type }).Within();
        return (user, credentials);
    }

    /// <summary>An agent WebSocket that sent its auth frame and read <c>auth_ok</c>.</summary>
    public async Task<AgentSocket> ConnectAsync(AgentCredentials agent, long? after = null)
    {
        var socket = await AgentSocket.ConnectAsync(SocketUri(agent.AgentId)).Within();
        var authOk = await socket.AuthenticateAsync(agent.Secret, after).Within();
        Assert.Equal("auth_ok", authOk.GetProperty("type").GetString());
        return socket;
    }

    /// <summary>A request with the agent's credentials.</summary>
    public static HttpRequestMessage AgentRequest(AgentCredentials agent, HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Add("X-Nod-Agent-Id", agent.AgentId);
        request.Headers.Add("X-Nod-Secret", agent.Secret);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return request;
    }

    /// <summary>Sends a request; returns the status and the JSON body.</summary>
    public async Task<(int Status, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request).Within();
            var text = await response.Content.ReadAsStringAsync().Within();
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }
    }

    /// <summary><c>POST /api/agent/events</c> with <paramref name="json"/>.</summary>
    public Task<(int Status, JsonElement Body)> PostEventAsync(AgentCredentials agent, string json, string? idempotencyKey = null)
    {
        var request = AgentRequest(agent, HttpMethod.Post, "api/agent/events", json);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return SendAsync(request);
    }

    /// <summary><c>GET</c> with the agent's credentials.</summary>
    public Task<(int Status, JsonElement Body)> GetAsync(AgentCredentials agent, string path) =>
        SendAsync(AgentRequest(agent, HttpMethod.Get, path));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync().Within();
        await _app.DisposeAsync();
    }
}
