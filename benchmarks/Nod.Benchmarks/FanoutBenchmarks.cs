using BenchmarkDotNet.Attributes;
using Nod.Benchmarks.Infrastructure;

namespace Nod.Benchmarks;

/// <summary>
/// Scenario 1: one message to N subscribers, until the last one has it. Baseline: the same object written into N
/// bounded channels, one reader task each — the floor any fan-out built on channels can reach.
/// </summary>
[MemoryDiagnoser]
public class FanoutBenchmarks
{
    private readonly AsyncCountdown _countdown = new();
    private FanoutContenders _contenders = null!;
    private long _seq;

    [Params(1, 10, 100, 1_000, 10_000)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup() => _contenders = new FanoutContenders(Subscribers, bufferSize: 1024, eventsPerSignal: 1, _countdown);

    [GlobalCleanup]
    public void Cleanup() => _contenders.Dispose();

    [Benchmark(Baseline = true, Description = "raw channels")]
    public ValueTask RawChannels()
    {
        var message = FanoutContenders.Event(++_seq);
        var done = _countdown.Start(Subscribers);
        foreach (var channel in _contenders.Channels)
        {
            channel.Writer.TryWrite(message);
        }

        return done;
    }

    [Benchmark(Description = "Nod fan-out hub")]
    public ValueTask Hub()
    {
        var message = FanoutContenders.Event(++_seq);
        var done = _countdown.Start(Subscribers);
        _contenders.Hub.Publish(message);
        return done;
    }
}
