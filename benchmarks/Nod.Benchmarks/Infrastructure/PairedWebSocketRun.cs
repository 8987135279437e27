using System.Diagnostics;

namespace Nod.Benchmarks.Infrastructure;

/// <summary>
/// Scenario 3 at 1,000 clients measured inside one process: Nod's app sockets and the plain loop's sockets are all open
/// at once, and the two contenders take turns, one second each, so both see the same machine at nearly the same time.
/// BenchmarkDotNet runs each contender in a process of its own, and on a noisy 2-core machine which process gets the
/// quieter minute moves the ratio by more than a change to the pump does; this run is for comparing two versions of
/// the code, not a replacement for the suite.
/// </summary>
/// <remarks><c>dotnet run -c Release --project benchmarks/Nod.Benchmarks -- --paired-websocket [rounds]</c></remarks>
internal static class PairedWebSocketRun
{
    public const string Argument = "--paired-websocket";

    private const int Clients = 1_000;
    private static readonly TimeSpan Turn = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(int rounds)
    {
        var nod = new WebSocketBroadcastBenchmarks { Clients = Clients };
        var plain = new WebSocketBroadcastBenchmarks { Clients = Clients };
        await nod.SetupNodAsync().ConfigureAwait(false);
        await plain.SetupPlainAsync().ConfigureAwait(false);
        try
        {
            var ratios = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                var nodTime = await MicrosecondsPerMessageAsync(nod.Nod).ConfigureAwait(false);
                var plainTime = await MicrosecondsPerMessageAsync(plain.PlainLoop).ConfigureAwait(false);
                ratios.Add(nodTime / plainTime);
                Console.WriteLine($"round {round}: Nod {nodTime:F0} µs, plain loop {plainTime:F0} µs, ratio {nodTime / plainTime:F3}");
            }

            ratios.Sort();
            Console.WriteLine($"{Clients} clients, {rounds} rounds: median ratio {ratios[ratios.Count / 2]:F3}, mean {ratios.Average():F3}");
        }
        finally
        {
            await nod.CleanupAsync().ConfigureAwait(false);
            await plain.CleanupAsync().ConfigureAwait(false);
        }
    }

    private static async Task<double> MicrosecondsPerMessageAsync(Func<Task> publish)
    {
        var messages = 0;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < Turn)
        {
            await publish().ConfigureAwait(false);
            messages++;
        }

        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / messages;
    }
}
