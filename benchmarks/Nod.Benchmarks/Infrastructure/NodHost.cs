using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nod.Benchmarks.Infrastructure;

/// <summary>Nod in a bare generic host (no logging, no HTTP): in memory, or on a LiteDB file in a fresh temp folder.</summary>
internal sealed class NodHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string? _folder;

    private NodHost(IHost host, string? folder)
    {
        _host = host;
        _folder = folder;
    }

    public INodClientFactory Nod => _host.Services.GetRequiredService<INodClientFactory>();

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts Nod; with <paramref name="liteDbFile"/> (a path, or <c>""</c> for a new file in a temp folder) on LiteDB.</summary>
    public static async Task<NodHost> StartAsync(string? liteDbFile = null, Action<NodOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var nod = builder.Services.AddNod(configure);
        string? folder = null;
        if (liteDbFile is not null)
        {
            if (liteDbFile.Length == 0)
            {
                folder = TempFolder();
                liteDbFile = Path.Combine(folder, "nod.db");
            }

            nod.UseLiteDb("Filename=" + liteDbFile);
        }

        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new NodHost(host, folder);
    }

    /// <summary>A user, one interactive agent of theirs, and that agent connected in process.</summary>
    public async Task<(NodUserClient User, NodAgentClient Agent)> CreateAgentAsync(string userId = "alice")
    {
        var user = Nod.ForUser(userId, "Alice");
        var credentials = await user.CreateAgentAsync(new CreateAgentRequest { Name = "Benchmark agent" }).ConfigureAwait(false);
        var agent = await Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).ConfigureAwait(false);
        return (user, agent);
    }

    public static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nod-benchmarks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
