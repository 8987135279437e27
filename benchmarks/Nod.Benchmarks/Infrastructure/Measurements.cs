using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Nod.Benchmarks.Infrastructure;

/// <summary>
/// Figures BenchmarkDotNet cannot compute itself (percentiles of inner operations, firing skew): the benchmark process
/// writes them when it ends, keyed by class, method and parameters; <see cref="MeasurementColumn"/> shows them in the
/// host's summary (and so in the exported results). Each benchmark case runs in its own process, hence the files.
/// </summary>
internal static class Measurements
{
    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "nod-benchmarks", "measurements");

    /// <summary>Called by the host before a run, so a case that failed shows "-" rather than an old figure.</summary>
    public static void Clear()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>From the benchmark process: <paramref name="values"/> for one case; also printed to its log.</summary>
    public static void Write(string type, string method, IReadOnlyDictionary<string, string> values, params object[] parameters)
    {
        var key = Key(type, method, parameters.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture) ?? string.Empty));
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, key + ".json"), JsonSerializer.Serialize(values));
        Console.WriteLine($"// Nod measurements {key}: {string.Join(", ", values.Select(v => $"{v.Key} = {v.Value}"))}");
    }

    /// <summary>From the host: one figure of one case, or <see langword="null"/>.</summary>
    public static string? Read(BenchmarkCase benchmarkCase, string name)
    {
        var key = Key(
            benchmarkCase.Descriptor.Type.Name,
            benchmarkCase.Descriptor.WorkloadMethod.Name,
            benchmarkCase.Parameters.Items.Select(p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty));
        var path = Path.Combine(Directory, key + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path));
        return values is not null && values.TryGetValue(name, out var value) ? value : null;
    }

    private static string Key(string type, string method, IEnumerable<string> parameters) =>
        string.Join('.', new[] { type, method }.Concat(parameters));
}

/// <summary>A summary column that shows one figure written by <see cref="Measurements.Write"/>.</summary>
internal sealed class MeasurementColumn(string name, string legend) : IColumn
{
    public string Id => "Nod." + name;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => Measurements.Read(benchmarkCase, name) ?? "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
