using System.Diagnostics;
using System.Globalization;

namespace Nod.Benchmarks.Infrastructure;

/// <summary>
/// Latencies of inner operations (one per acknowledgement, per fire …), in <see cref="Stopwatch"/> ticks, grouped by
/// invocation. Only the second half of the invocations is reported: the first ones are BenchmarkDotNet's jitting,
/// pilot and warm-up runs.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly List<long[]> _invocations = [];
    private long[] _current = [];
    private int _count;

    /// <summary>Starts an invocation of at most <paramref name="capacity"/> samples.</summary>
    public void Begin(int capacity)
    {
        _current = new long[capacity];
        _count = 0;
        _invocations.Add(_current);
    }

    /// <summary>Records one sample; safe from several threads.</summary>
    public void Record(long ticks)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _current.Length)
        {
            _current[index] = ticks;
        }
    }

    public void Reset() => _invocations.Clear();

    /// <summary>p50, p99 and max in milliseconds (or microseconds with <paramref name="microseconds"/>) over the reported invocations.</summary>
    public Dictionary<string, string> Summarize(string prefix, bool microseconds = false)
    {
        var reported = _invocations.Skip(_invocations.Count / 2).SelectMany(i => i.Where(t => t != 0)).ToArray();
        Array.Sort(reported);
        var unit = microseconds ? " us" : " ms";
        string At(double quantile)
        {
            if (reported.Length == 0)
            {
                return "-";
            }

            var ticks = reported[Math.Min(reported.Length - 1, (int)Math.Ceiling(quantile * reported.Length) - 1)];
            var value = ticks * (microseconds ? 1_000_000.0 : 1_000.0) / Stopwatch.Frequency;
            return value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + unit;
        }

        return new Dictionary<string, string>
        {
            [prefix + " p50"] = At(0.50),
            [prefix + " p99"] = At(0.99),
            [prefix + " max"] = At(1.0),
            [prefix + " n"] = reported.Length.ToString(CultureInfo.InvariantCulture),
        };
    }
}
