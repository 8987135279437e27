using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Nod.AspNetCore.Internal;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;

namespace Nod.AspNetCore.Tests.Unit;

/// <summary>The long-poll deadline runs on the injected clock: exact boundaries with fake time, no waiting.</summary>
public sealed class LongPollTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
    private IHost? _host;

    private INodClientFactory Nod => _host!.Services.GetRequiredService<INodClientFactory>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddNod();
        _host = builder.Build();
        await _host.StartAsync().Within();
    }

    public async Task DisposeAsync()
    {
        await _host!.StopAsync().Within();
        _host.Dispose();
    }

    [Fact]
    public async Task LongPoll_NothingArrives_ReturnsEmptyExactlyAtTheDeadline()
    {
        var (_, agent) = await CreateAgentAsync();

        var poll = LongPoll.WaitAsync(agent, after: 0, limit: 100, TimeSpan.FromSeconds(30), _time, CancellationToken.None, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.False(poll.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Empty(await poll.Within());
    }

    [Fact]
    public async Task LongPoll_AnUpdateArrives_ReturnsItBeforeTheDeadline()
    {
        var (user, agent) = await CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();

        var poll = LongPoll.WaitAsync(agent, after: 0, limit: 100, TimeSpan.FromSeconds(30), _time, CancellationToken.None, CancellationToken.None);
        var sent = await user.SendMessageAsync(conversation.Id, "hi").Within();

        var update = Assert.Single(await poll.Within());
        Assert.Equal(sent.Id, Assert.IsType<UserMessageFrame>(update.Frame).MessageId);
    }

    [Fact]
    public async Task LongPoll_HostStopping_ReturnsEmptyAtOnce()
    {
        var (_, agent) = await CreateAgentAsync();
        using var stopping = new CancellationTokenSource();

        var poll = LongPoll.WaitAsync(agent, after: 0, limit: 100, TimeSpan.FromSeconds(30), _time, stopping.Token, CancellationToken.None);
        await stopping.CancelAsync();

        Assert.Empty(await poll.Within());
    }

    [Fact]
    public async Task LongPoll_CallerGoesAway_Cancels()
    {
        var (_, agent) = await CreateAgentAsync();
        using var caller = new CancellationTokenSource();

        var poll = LongPoll.WaitAsync(agent, after: 0, limit: 100, TimeSpan.FromSeconds(30), _time, CancellationToken.None, caller.Token);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll.Within());
    }

    private async Task<(NodUserClient User, NodAgentClient Agent)> CreateAgentAsync()
    {
        var user = Nod.ForUser("alice", "Alice");
        var credentials = await user.CreateAgentAsync(new CreateAgentRequest { Name = "Poller" }).Within();
        await user.GetConversationsAsync(credentials.AgentId).Within();
        return (user, Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret));
    }
}
