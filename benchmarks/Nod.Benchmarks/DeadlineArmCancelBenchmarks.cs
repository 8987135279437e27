using BenchmarkDotNet.Attributes;
using Nod.Deadlines;
using Nod.Engine;

namespace Nod.Benchmarks;

/// <summary>
/// Scenario 6a: arm 10,000 indicator timeouts (due 5–35 s out, in no particular order, as heartbeats of many agents
/// arrive) and cancel them all. Baseline: the alternative the design rejects, one <see cref="ITimer"/> per timeout
/// from the same <see cref="TimeProvider"/> (the runtime's timer queues), created then disposed. Measured: Nod's
/// <see cref="DeadlineQueue"/> directly, and through <see cref="KeyedTimers{TKey}"/> keyed by (agent, conversation),
/// which is how the engine arms indicator expiry.
/// </summary>
[MemoryDiagnoser]
public class DeadlineArmCancelBenchmarks
{
    public const int Timeouts = 10_000;

    private static readonly Action NoOp = static () => { };
    private static readonly TimerCallback NoOpTimer = static _ => { };

    private readonly ITimer[] _timers = new ITimer[Timeouts];
    private readonly DeadlineHandle[] _handles = new DeadlineHandle[Timeouts];
    private readonly TimeSpan[] _delays = new TimeSpan[Timeouts];
    private readonly (string AgentId, string ConversationId)[] _keys = new (string, string)[Timeouts];
    private DeadlineQueue _queue = null!;
    private KeyedTimers<(string AgentId, string ConversationId)> _indicators = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (var i = 0; i < Timeouts; i++)
        {
            _delays[i] = TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(random.Next(30_000));
            _keys[i] = ($"agt_{i % 100:D16}", $"cnv_{i:D16}");
        }

        _queue = new DeadlineQueue(TimeProvider.System);
        _queue.Start();
        _indicators = new KeyedTimers<(string, string)>(_queue);
    }

    [GlobalCleanup]
    public void Cleanup() => _queue.Dispose();

    [Benchmark(Baseline = true, Description = "a timer per timeout (TimeProvider.CreateTimer + Dispose)")]
    public void TimerPerTimeout()
    {
        var time = TimeProvider.System;
        for (var i = 0; i < Timeouts; i++)
        {
            _timers[i] = time.CreateTimer(NoOpTimer, null, _delays[i], Timeout.InfiniteTimeSpan);
        }

        for (var i = 0; i < Timeouts; i++)
        {
            _timers[i].Dispose();
        }
    }

    [Benchmark(Description = "Nod DeadlineQueue (Schedule + Cancel)")]
    public void DeadlineQueue()
    {
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < Timeouts; i++)
        {
            _handles[i] = _queue.Schedule(now + _delays[i], NoOp);
        }

        for (var i = 0; i < Timeouts; i++)
        {
            _handles[i].Cancel();
        }
    }

    [Benchmark(Description = "Nod engine indicator timers (KeyedTimers Arm + Cancel)")]
    public void IndicatorTimers()
    {
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < Timeouts; i++)
        {
            var key = _keys[i];

            // As the engine does: the callback captures what it will post.
            _indicators.Arm(key, key.AgentId, now + _delays[i], () => GC.KeepAlive(key));
        }

        for (var i = 0; i < Timeouts; i++)
        {
            _indicators.Cancel(_keys[i]);
        }
    }
}
