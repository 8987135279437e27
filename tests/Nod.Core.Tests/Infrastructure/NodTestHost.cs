using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Nod.Storage;

namespace Nod.Core.Tests.Infrastructure;

/// <summary>A started host with Nod on fake time and (by default) the in-memory store.</summary>
public sealed class NodTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _ended;

    private NodTestHost(IHost host, FakeTimeProvider time)
    {
        _host = host;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _host.Services;

    public INodClientFactory Nod => Services.GetRequiredService<INodClientFactory>();

    public INodStore Store => Services.GetRequiredService<INodStore>();

    public static async Task<NodTestHost> StartAsync(Action<NodOptions>? configure = null, Action<IServiceCollection>? services = null, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddNod(configure);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync().Within();
        return new NodTestHost(host, time);
    }

    /// <summary>A user and an interactive agent of theirs, connected in process.</summary>
    public async Task<(NodUserClient User, NodAgentClient Agent, Model.AgentCredentials Credentials)> UserWithAgentAsync(
        string userId = "alice", Model.AgentType type = Model.AgentType.Interactive)
    {
        var user = Nod.ForUser(userId, char.ToUpperInvariant(userId[0]) + userId[1..]);
        var credentials = await user.CreateAgentAsync(new Model.CreateAgentRequest { Name = "Helper", Type = type }).Within();
        var agent = await Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
        return (user, agent, credentials);
    }

    /// <summary>
    /// Sends <paramref name="messagesEach"/> messages from each of <paramref name="connections"/> connections of one
    /// agent at once (the first is <paramref name="agent"/>); returns the ids of every message sent.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> SendConcurrentlyAsync(NodAgentClient agent, Model.AgentCredentials credentials, int connections, int messagesEach)
    {
        var agents = new List<NodAgentClient> { agent };
        for (var i = 1; i < connections; i++)
        {
            agents.Add(await Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within());
        }

        var sent = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(agents.Select((a, p) => Task.Run(async () =>
        {
            for (var m = 0; m < messagesEach; m++)
            {
                sent.Add(await a.SendMessageAsync($"p{p}-m{m}"));
            }
        }))).Within();
        return sent;
    }

    /// <summary>
    /// Ends the host as a killed process would: the container is disposed without <see cref="IHost.StopAsync"/>, so
    /// nothing of a graceful stop runs (queued commands are dropped, nothing more is logged).
    /// </summary>
    public async Task CrashAsync()
    {
        _ended = true;
        await ((IAsyncDisposable)_host).DisposeAsync().AsTask().Within();
    }

    public async ValueTask DisposeAsync()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        await _host.StopAsync().Within();
        _host.Dispose();
    }
}
