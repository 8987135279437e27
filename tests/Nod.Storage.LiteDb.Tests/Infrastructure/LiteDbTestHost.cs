using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Nod.Model;

namespace Nod.Storage.LiteDb.Tests.Infrastructure;

/// <summary>
/// A started host with Nod on a LiteDB file and fake time: <c>AddNod().UseLiteDb(file)</c>, as a host writes it. Stop
/// it and start another on the same file (and the same clock) to restart.
/// </summary>
public sealed class LiteDbTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private LiteDbTestHost(IHost host, FakeTimeProvider time, string path)
    {
        _host = host;
        Time = time;
        Path = path;
    }

    public static DateTimeOffset Epoch { get; } = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; }

    public string Path { get; }

    public IServiceProvider Services => _host.Services;

    public INodClientFactory Nod => Services.GetRequiredService<INodClientFactory>();

    public INodStore Store => Services.GetRequiredService<INodStore>();

    /// <summary>Builds and starts a host on the LiteDB file at <paramref name="path"/>.</summary>
    public static async Task<LiteDbTestHost> StartAsync(
        string path, FakeTimeProvider? time = null, Action<NodOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        time ??= new FakeTimeProvider(Epoch);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddNod(configure).UseLiteDb(LiteDbStores.ConnectionStringFor(path));
        services?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync().Within();
        }
        catch
        {
            await DisposeHostAsync(host);
            throw;
        }

        return new LiteDbTestHost(host, time, path);
    }

    /// <summary>A user and an interactive agent of theirs, connected in process.</summary>
    public async Task<(NodUserClient User, NodAgentClient Agent, AgentCredentials Credentials)> UserWithAgentAsync(string userId = "alice")
    {
        var user = Nod.ForUser(userId, char.ToUpperInvariant(userId[0]) + userId[1..]);
        var credentials = await user.CreateAgentAsync(new CreateAgentRequest { Name = "Helper" }).Within();
        var agent = await Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
        return (user, agent, credentials);
    }

    /// <summary>Stops the host and disposes its container (which closes the database), as a host shutting down does.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _host.StopAsync().Within();
        await DisposeHostAsync(_host);
    }

    private static async Task DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().Within();
        }
        else
        {
            host.Dispose();
        }
    }
}
