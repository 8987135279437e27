using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Nod.Benchmarks.Infrastructure;
using Nod.Deadlines;

namespace Nod.Benchmarks;

/// <summary>
/// Scenario 6b: firing skew. <see cref="Deadlines"/> deadlines due over the next <see cref="WindowMs"/> ms; the
/// operation ends when the last one fired, and every fire records how far from its due time it ran (|fired − due|) (Skew columns).
/// Baseline: a timer per deadline. The time per operation is mostly the window itself; read the skew columns.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class DeadlineFiringBenchmarks
{
    public const int Deadlines = 1_000;
    public const int WindowMs = 20;

    private readonly LatencyRecorder _skew = new();
    private readonly AsyncCountdown _countdown = new();
    private readonly ITimer?[] _timers = new ITimer?[Deadlines];
    private DeadlineQueue _queue = null!;
    private string _method = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _queue = new DeadlineQueue(TimeProvider.System);
        _queue.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Measurements.Write(nameof(DeadlineFiringBenchmarks), _method, _skew.Summarize("Skew", microseconds: true));
        _queue.Dispose();
    }

    [Benchmark(Baseline = true, Description = "a timer per deadline")]
    public ValueTask TimerPerDeadline()
    {
        _method = nameof(TimerPerDeadline);
        _skew.Begin(Deadlines);
        var done = _countdown.Start(Deadlines);
        var time = TimeProvider.System;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < Deadlines; i++)
        {
            var due = start + DelayTicks(i);
            var index = i;
            // Arming a thousand timers can outlast the earliest deadline: one already due fires at once (its skew counts).
            var wait = TimeSpan.FromTicks(Math.Max(0, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due).Ticks));
            _timers[i] = time.CreateTimer(_ => Fired(due, index), null, wait, Timeout.InfiniteTimeSpan);
        }

        return done;
    }

    [Benchmark(Description = "Nod DeadlineQueue")]
    public ValueTask DeadlineQueue()
    {
        _method = nameof(DeadlineQueue);
        _skew.Begin(Deadlines);
        var done = _countdown.Start(Deadlines);
        var now = TimeProvider.System.GetUtcNow();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < Deadlines; i++)
        {
            var delay = DelayTicks(i);
            var due = start + delay;
            _queue.Schedule(now + Stopwatch.GetElapsedTime(0, delay), () => Fired(due, -1));
        }

        return done;
    }

    /// <summary>Spread over the window in a scrambled order.</summary>
    private static long DelayTicks(int i) => Stopwatch.Frequency * WindowMs / 1000 * ((i * 7919L) % Deadlines) / Deadlines + Stopwatch.Frequency / 1000;

    private void Fired(long due, int timer)
    {
        // Skew is |fired − due|: a timer that rounds its delay down to whole milliseconds fires early.
        _skew.Record(Math.Max(1, Math.Abs(Stopwatch.GetTimestamp() - due)));
        if (timer >= 0)
        {
            _timers[timer]?.Dispose();
        }

        _countdown.Signal();
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new MeasurementColumn("Skew p50", "Median |fired − due| (second half of the invocations)"));
            AddColumn(new MeasurementColumn("Skew p99", "99th percentile |fired − due|"));
            AddColumn(new MeasurementColumn("Skew max", "Largest |fired − due|"));
        }
    }
}
