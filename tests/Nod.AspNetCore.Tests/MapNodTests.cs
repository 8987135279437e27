using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests;

/// <summary><c>MapNod()</c>: the fix-it message without <c>AddNod()</c>, option validation, the prefix, host conventions.</summary>
public sealed class MapNodTests
{
    [Fact]
    public async Task MapNod_WithoutAddNod_ThrowsAFixItMessage()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapNod());

        Assert.Contains("builder.Services.AddNod()", ex.Message);
        Assert.Contains("app.MapNod()", ex.Message);
    }

    [Theory]
    [InlineData(nameof(NodHttpOptions.MaxRequestBodySize))]
    [InlineData(nameof(NodHttpOptions.MaxWebSocketMessageSize))]
    [InlineData(nameof(NodHttpOptions.RateLimitPerSecond))]
    [InlineData(nameof(NodHttpOptions.RateLimitBurst))]
    [InlineData(nameof(NodHttpOptions.WebSocketAuthTimeout))]
    [InlineData(nameof(NodHttpOptions.WebSocketIdleTimeout))]
    [InlineData(nameof(NodHttpOptions.MaxLongPollWait))]
    public Task ConfigureHttp_ImpossibleValue_FailsAtStartNamingTheOption(string option)
    {
        return InvalidHttpOptions.AssertRefusedAsync(option, o =>
        {
            switch (option)
            {
                case nameof(NodHttpOptions.MaxRequestBodySize): o.MaxRequestBodySize = 0; break;
                case nameof(NodHttpOptions.MaxWebSocketMessageSize): o.MaxWebSocketMessageSize = -1; break;
                case nameof(NodHttpOptions.RateLimitPerSecond): o.RateLimitPerSecond = 0; break;
                case nameof(NodHttpOptions.RateLimitBurst): o.RateLimitBurst = 0; break;
                case nameof(NodHttpOptions.WebSocketAuthTimeout): o.WebSocketAuthTimeout = TimeSpan.Zero; break;
                case nameof(NodHttpOptions.WebSocketIdleTimeout): o.WebSocketIdleTimeout = TimeSpan.FromSeconds(5); break;
                case nameof(NodHttpOptions.MaxLongPollWait): o.MaxLongPollWait = TimeSpan.FromSeconds(-1); break;
            }
        });
    }

    [Fact]
    public async Task MapNod_OptionsSetWithoutConfigureHttp_AreValidatedWhenMapping()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddNod();
        builder.Services.Configure<NodHttpOptions>(o => o.WebSocketKeepAliveInterval = TimeSpan.FromMinutes(5));
        await using var app = builder.Build();

        var ex = Assert.Throws<OptionsValidationException>(() => app.MapNod());

        Assert.Contains("NodHttpOptions.WebSocketIdleTimeout", ex.Message);
    }

    [Fact]
    public void Options_Defaults_AreTheLimitsOfTheProtocol()
    {
        var options = new NodHttpOptions();

        Assert.Equal(8 * 1024 * 1024, options.MaxRequestBodySize);
        Assert.Equal(8 * 1024 * 1024, options.MaxWebSocketMessageSize);
        Assert.Equal(TimeSpan.FromSeconds(10), options.WebSocketAuthTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), options.WebSocketKeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(60), options.WebSocketIdleTimeout);
        Assert.Equal(50, options.RateLimitPerSecond);
        Assert.Equal(200, options.RateLimitBurst);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxLongPollWait);
    }

    [Fact]
    public async Task MapNod_WithAPrefix_MapsRestAndWebSocketUnderIt()
    {
        await using var host = await NodWebHost.StartAsync(prefix: "/nod");
        var (_, agent) = await host.CreateAgentAsync();
        using var outside = new HttpClient { BaseAddress = new Uri($"http://{host.BaseAddress.Authority}/") };

        var (status, _) = await host.PostEventAsync(agent, """{"type":"alert","title":"x"}""");
        using var unprefixed = await outside.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/events", """{"type":"alert","title":"x"}""")).Within();
        await using var socket = await host.ConnectAsync(agent);

        Assert.Equal(200, status);
        Assert.Equal(404, (int)unprefixed.StatusCode);
        Assert.Equal("/nod/ws/agent/" + agent.AgentId, host.SocketUri(agent.AgentId).AbsolutePath);
    }

    [Fact]
    public async Task MapNod_GroupRequiresAuthorization_AgentEndpointsStillAuthenticateAgentsThemselves()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        TestAuthentication.Add(builder.Services);
        builder.Services.AddNod();
        await using var app = builder.Build();
        app.MapNod().RequireAuthorization();
        await app.StartAsync().Within();
        var address = app.Urls.First();
        var user = app.Services.GetRequiredService<INodClientFactory>().ForUser("alice", "Alice");
        var agent = await user.CreateAgentAsync(new Model.CreateAgentRequest { Name = "A" }).Within();
        using var http = new HttpClient { BaseAddress = new Uri(address + "/") };

        using var response = await http.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/events", """{"type":"alert","title":"x"}""")).Within();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ok", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        await app.StopAsync().Within();
    }
}
