using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Nod.Benchmarks.Infrastructure;
using Perfolizer.Horology;

// dotnet run -c Release --project benchmarks/Nod.Benchmarks -- --short         every scenario, short runs (< 10 min here)
// dotnet run -c Release --project benchmarks/Nod.Benchmarks -- --filter '*'    every scenario, BenchmarkDotNet's default runs
// dotnet run -c Release --project benchmarks/Nod.Benchmarks -- --short --filter '*Fanout*'
// dotnet run -c Release --project benchmarks/Nod.Benchmarks -- --paired-websocket 20   Nod against the plain loop in one process
// Run from the repository root, the GitHub-markdown reports are also copied to benchmarks/results.
if (args.Length > 0 && args[0] == PairedWebSocketRun.Argument)
{
    await PairedWebSocketRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}

var isShort = args.Contains("--short");
var rest = args.Where(a => a != "--short").ToList();
if (isShort && !rest.Contains("--filter"))
{
    rest.AddRange(["--filter", "*"]);
}

IConfig config = DefaultConfig.Instance;
if (isShort)
{
    // Fewer and shorter iterations than BenchmarkDotNet's default, but enough of them for a ratio to mean something
    // on a noisy 2-core machine: every case runs in its own process, baselines in the same run.
    config = config.AddJob(Job.Default
        .WithId("Short")
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(12)
        .WithIterationTime(TimeInterval.FromMilliseconds(250)));
}

var started = DateTime.UtcNow;
Measurements.Clear();
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], config);

var results = Path.Combine("benchmarks", "results");
if (Directory.Exists(results))
{
    foreach (var directory in summaries.Select(s => s.ResultsDirectoryPath).Distinct())
    {
        foreach (var report in Directory.GetFiles(directory, "Nod.Benchmarks.*-report-github.md").Where(f => File.GetLastWriteTimeUtc(f) >= started))
        {
            var name = Path.GetFileName(report)["Nod.Benchmarks.".Length..].Replace("-report-github", string.Empty, StringComparison.Ordinal);
            File.Copy(report, Path.Combine(results, name), overwrite: true);
            Console.WriteLine($"// Copied {report} to {Path.Combine(results, name)}");
        }
    }
}
