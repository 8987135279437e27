using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nod.Browser.Tests.Infrastructure;

/// <summary>
/// The sample web host — its own Program.cs, unchanged — on real Kestrel at 127.0.0.1 and a free port, with its
/// LiteDB file in a temporary directory. <see cref="RestartAsync"/> stops it and starts it again on the same port and file.
/// </summary>
public sealed class SampleHost : IAsyncDisposable
{
    private WebApplicationFactory<Program> _factory;

    private SampleHost(WebApplicationFactory<Program> factory, string directory, Uri baseAddress, LogCapture logs)
    {
        _factory = factory;
        Directory = directory;
        BaseAddress = baseAddress;
        Logs = logs;
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The temporary directory holding <c>nod.db</c>.</summary>
    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "nod.db");

    /// <summary>What the host logged (information and above).</summary>
    public LogCapture Logs { get; }

    public IServiceProvider Services => _factory.Services;

    public static async Task<SampleHost> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nod-browser-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var logs = new LogCapture();
        var factory = await Task.Run(() => Start(Path.Combine(directory, "nod.db"), port: 0, logs)).Within();
        return new SampleHost(factory, directory, AddressOf(factory), logs);
    }

    /// <summary>Stops the host (the web app sees its connection drop).</summary>
    public async Task StopAsync() => await _factory.DisposeAsync().AsTask().Within();

    /// <summary>Starts the host again on the same port and the same LiteDB file.</summary>
    public async Task RestartAsync()
    {
        _factory = await Task.Run(() => Start(DatabasePath, BaseAddress.Port, Logs)).Within();
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the temp directory is cleaned up by the system.
        }
    }

    private static WebApplicationFactory<Program> Start(string database, int port, LogCapture logs)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("urls", $"http://127.0.0.1:{port}");
            web.UseSetting("Nod:Database", database);
            web.UseSetting("Demo:StepDelay", "00:00:00.150");   // the demo's "Thinking…" steps, shortened
            web.ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
                logging.SetMinimumLevel(LogLevel.Information);
            });
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        return factory;
    }

    private static Uri AddressOf(WebApplicationFactory<Program> factory)
    {
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().TrimEnd('/') + "/");
    }
}

/// <summary>Collects log lines so tests can read what the host told its operator.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
            }
        }
    }
}
