using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests;

/// <summary>
/// A transport duration longer than a timer can wait (~49.7 days, e.g. <see cref="TimeSpan.MaxValue"/> meant as "never")
/// fails at start-up naming the option, instead of passing and then failing every socket or long-poll that arms it.
/// </summary>
public sealed class HttpOptionsUpperBoundTests
{
    [Theory]
    [InlineData(nameof(NodHttpOptions.WebSocketAuthTimeout))]
    [InlineData(nameof(NodHttpOptions.WebSocketKeepAliveInterval))]
    [InlineData(nameof(NodHttpOptions.WebSocketIdleTimeout))]
    [InlineData(nameof(NodHttpOptions.MaxLongPollWait))]
    public Task ConfigureHttp_DurationLongerThanATimerCanWait_FailsAtStartNamingTheOption(string option)
    {
        var tooLong = TimeSpan.FromDays(60);
        return InvalidHttpOptions.AssertRefusedAsync(option, o =>
        {
            switch (option)
            {
                case nameof(NodHttpOptions.WebSocketAuthTimeout): o.WebSocketAuthTimeout = tooLong; break;
                case nameof(NodHttpOptions.WebSocketKeepAliveInterval):
                    o.WebSocketKeepAliveInterval = tooLong;
                    o.WebSocketIdleTimeout = TimeSpan.MaxValue;   // still longer than the keep-alive: only the bound refuses it
                    break;
                case nameof(NodHttpOptions.WebSocketIdleTimeout): o.WebSocketIdleTimeout = tooLong; break;
                case nameof(NodHttpOptions.MaxLongPollWait): o.MaxLongPollWait = tooLong; break;
            }
        });
    }

    [Fact]
    public async Task ConfigureHttp_LongButArmableDurations_AreAccepted()
    {
        await using var host = await NodWebHost.StartAsync(http: o =>
        {
            o.WebSocketAuthTimeout = TimeSpan.FromDays(49);
            o.WebSocketKeepAliveInterval = TimeSpan.FromDays(48);
            o.WebSocketIdleTimeout = TimeSpan.FromDays(49);
            o.MaxLongPollWait = TimeSpan.FromDays(49);
        });
        var (_, agent) = await host.CreateAgentAsync();

        await using var socket = await host.ConnectAsync(agent);
    }
}
