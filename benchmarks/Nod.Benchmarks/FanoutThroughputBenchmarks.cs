using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Nod.Benchmarks.Infrastructure;
using Nod.Storage;

namespace Nod.Benchmarks;

/// <summary>
/// Scenario 2: sustained fan-out. <see cref="Messages"/> messages published back to back to 1,000 subscribers, until
/// every subscriber has read every one; one operation is one delivery, so Op/s is deliveries per second. Baseline: the
/// same objects written into 1,000 bounded channels with one reader task each.
/// </summary>
/// <remarks>
/// Each reader counts its own deliveries and reports once per invocation, so the measurement is the channels and the
/// hub, not a counter every reader contends on. <see cref="Messages"/> stays below the subscriber buffer: this is the
/// live path, not catch-up from the store.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class FanoutThroughputBenchmarks
{
    public const int Subscribers = 1_000;
    public const int Messages = 256;
    private const int Deliveries = Subscribers * Messages;

    private readonly AsyncCountdown _countdown = new();
    private readonly NodEvent[] _events = new NodEvent[Messages];
    private FanoutContenders _contenders = null!;
    private long _seq;

    [GlobalSetup]
    public void Setup() =>
        _contenders = new FanoutContenders(Subscribers, NodOptions.DefaultSubscriberBufferSize, eventsPerSignal: Messages, _countdown);

    [GlobalCleanup]
    public void Cleanup() => _contenders.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Deliveries, Description = "raw channels")]
    public ValueTask RawChannels()
    {
        var done = _countdown.Start(Subscribers);
        NextEvents();
        foreach (var message in _events)
        {
            foreach (var channel in _contenders.Channels)
            {
                channel.Writer.TryWrite(message);
            }
        }

        return done;
    }

    [Benchmark(OperationsPerInvoke = Deliveries, Description = "Nod fan-out hub")]
    public ValueTask Hub()
    {
        var done = _countdown.Start(Subscribers);
        NextEvents();
        foreach (var message in _events)
        {
            _contenders.Hub.Publish(message);
        }

        return done;
    }

    private void NextEvents()
    {
        for (var i = 0; i < _events.Length; i++)
        {
            _events[i] = FanoutContenders.Event(++_seq);
        }
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
