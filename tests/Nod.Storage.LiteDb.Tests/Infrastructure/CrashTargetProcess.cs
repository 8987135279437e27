using System.Diagnostics;
using System.Reflection;
using System.Threading.Channels;

namespace Nod.Storage.LiteDb.Tests.Infrastructure;

/// <summary>
/// The crash-target program (tests/Nod.Storage.LiteDb.CrashTarget) as a child process: its stdout lines as they come,
/// and SIGKILL.
/// </summary>
public sealed class CrashTargetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Task _pump;

    private CrashTargetProcess(Process process)
    {
        _process = process;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The program's path, written into this assembly at build time.</summary>
    public static string ProgramPath { get; } = typeof(CrashTargetProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CrashTargetPath").Value!;

    /// <summary>Every line the child printed, in order, until its stdout closes.</summary>
    public ChannelReader<string> Lines => _lines.Reader;

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet CrashTarget.dll mode path [n]</c> (n: the child kills itself right after its n-th acknowledgement).</summary>
    public static CrashTargetProcess Start(string mode, string path, int? killSelfAfterAcks = null)
    {
        if (!File.Exists(ProgramPath))
        {
            throw new InvalidOperationException($"The crash target is not built: {ProgramPath}");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProgramPath);
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(path);
        if (killSelfAfterAcks is { } acks)
        {
            start.ArgumentList.Add(acks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        return new CrashTargetProcess(process);
    }

    /// <summary>Reads lines until one satisfies <paramref name="predicate"/>; fails if the child ends or the time runs out.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TestTimeouts.Default);
        while (await _lines.Reader.WaitToReadAsync(cts.Token))
        {
            while (_lines.Reader.TryRead(out var line))
            {
                if (predicate(line))
                {
                    return line;
                }
            }
        }

        throw new InvalidOperationException($"The crash target (pid {_process.Id}) ended before printing the expected line.");
    }

    /// <summary>SIGKILL (on Unix, <see cref="Process.Kill(bool)"/> sends SIGKILL) unless it already died, then waits for the exit and for stdout to drain.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await _process.WaitForExitAsync().Within();
        await _pump.Within();
    }

    /// <summary>Closes the child's stdin (the hold modes exit on that).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                _lines.Writer.TryWrite(line);
            }
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }
}
