using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests;

/// <summary>The per-agent rate limit (PROTOCOL §8): REST and WebSocket frames share one budget; 429 or an error frame; pings are free.</summary>
public sealed class RateLimitTests
{
    // One permit a second after a burst of 3: a test that sends a few requests back to back sees the limit at once.
    private static readonly Action<NodHttpOptions> Tight = o =>
    {
        o.RateLimitBurst = 3;
        o.RateLimitPerSecond = 1;
    };

    [Fact]
    public async Task RateLimit_RestOverTheBurst_Returns429WithRetryAfterAndDetail()
    {
        await using var host = await NodWebHost.StartAsync(http: Tight);
        var (_, agent) = await host.CreateAgentAsync();

        var statuses = new List<int>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await host.Http.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/events", """{"type":"alert","title":"x"}""")).Within();
            statuses.Add((int)response.StatusCode);
            if ((int)response.StatusCode == 429)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        Assert.Equal([200, 200, 200], statuses.Take(3));
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.Contains("rate limit", await limited.Content.ReadAsStringAsync());
        limited.Dispose();
    }

    [Fact]
    public async Task RateLimit_OneAgentOverItsBudget_DoesNotLimitAnother()
    {
        await using var host = await NodWebHost.StartAsync(http: Tight);
        var (_, busy) = await host.CreateAgentAsync();
        var (_, calm) = await host.CreateAgentAsync();
        await ExhaustAsync(host, busy);

        Assert.Equal(200, (await host.GetAsync(calm, "api/agent/updates")).Status);
    }

    [Fact]
    public async Task RateLimit_WebSocketOverTheBurst_GetsErrorFramesStaysOpenAndPingsAreFree()
    {
        await using var host = await NodWebHost.StartAsync(http: Tight);
        var (_, agent) = await host.CreateAgentAsync();
        await using var socket = await host.ConnectAsync(agent);

        var replies = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var reply = await socket.RequestAsync("""{"type":"alert","title":"x"}""", $"r{i}");
            replies.Add(reply.GetProperty("type").GetString()!);
            if (reply.GetProperty("type").GetString() == "error")
            {
                Assert.Contains("rate limit", reply.GetProperty("detail").GetString());
            }
        }

        Assert.Equal(["ack", "ack", "ack"], replies.Take(3));
        Assert.Contains("error", replies);
        for (var i = 0; i < 10; i++)
        {
            await socket.SendTextAsync("""{"type":"ping"}""");
            Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task RateLimit_RestAndWebSocket_ShareOneBudget()
    {
        await using var host = await NodWebHost.StartAsync(http: Tight);
        var (_, agent) = await host.CreateAgentAsync();
        await using var socket = await host.ConnectAsync(agent);
        await ExhaustAsync(host, agent);

        var reply = await socket.RequestAsync("""{"type":"alert","title":"x"}""", "shared");

        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Contains("rate limit", reply.GetProperty("detail").GetString());
    }

    /// <summary>Spends the agent's budget over REST until a 429 (the refill is 1/s, so the budget stays empty for the next call).</summary>
    private static async Task ExhaustAsync(NodWebHost host, Model.AgentCredentials agent)
    {
        for (var i = 0; i < 20; i++)
        {
            if ((await host.GetAsync(agent, "api/agent/updates")).Status == 429)
            {
                return;
            }
        }

        Assert.Fail("The rate limit never answered 429.");
    }
}
