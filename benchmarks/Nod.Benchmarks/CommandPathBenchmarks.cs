using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Nod.Benchmarks.Infrastructure;

namespace Nod.Benchmarks;

/// <summary>
/// Scenario 4: the engine's command path, <c>message</c> command → acknowledged, with <see cref="Concurrency"/> agents'
/// sends in flight at once (group commit can only batch what is waiting: 256 is a full default batch). Baseline: LiteDB committing every message alone (<see cref="NodOptions.MaxBatchSize"/> = 1,
/// one transaction and one pair of disk syncs per message). Measured against it: LiteDB with group commit (the
/// default: whatever is waiting shares one transaction), and the in-memory store. One operation is one acknowledged
/// message, so Op/s is messages per second; the Ack columns are the latency of each acknowledgement.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class CommandPathBenchmarks
{
    public const int Messages = 1_024;

    private readonly LatencyRecorder _latencies = new();
    private NodHost _host = null!;
    private NodAgentClient[] _agents = [];
    private string _method = string.Empty;

    /// <summary>Agents sending at once, each its next message as soon as the previous one is acknowledged.</summary>
    [Params(64, 256)]
    public int Concurrency { get; set; }

    [GlobalSetup(Target = nameof(OneCommitPerMessage))]
    public Task SetupOneCommitPerMessage() => SetupAsync(nameof(OneCommitPerMessage), liteDb: true, maxBatchSize: 1);

    [GlobalSetup(Target = nameof(GroupCommit))]
    public Task SetupGroupCommit() => SetupAsync(nameof(GroupCommit), liteDb: true, maxBatchSize: NodOptions.DefaultMaxBatchSize);

    [GlobalSetup(Target = nameof(InMemory))]
    public Task SetupInMemory() => SetupAsync(nameof(InMemory), liteDb: false, maxBatchSize: NodOptions.DefaultMaxBatchSize);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Measurements.Write(nameof(CommandPathBenchmarks), _method, _latencies.Summarize("Ack"), Concurrency);
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        await _host.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages, Description = "LiteDB, one commit per message")]
    public Task OneCommitPerMessage() => SendAsync();

    [Benchmark(OperationsPerInvoke = Messages, Description = "LiteDB, group commit")]
    public Task GroupCommit() => SendAsync();

    [Benchmark(OperationsPerInvoke = Messages, Description = "in memory")]
    public Task InMemory() => SendAsync();

    private async Task SetupAsync(string method, bool liteDb, int maxBatchSize)
    {
        _method = method;
        _host = await NodHost.StartAsync(liteDb ? string.Empty : null, o => o.MaxBatchSize = maxBatchSize);
        var user = _host.Nod.ForUser("alice", "Alice");
        _agents = new NodAgentClient[Concurrency];
        for (var i = 0; i < Concurrency; i++)
        {
            var credentials = await user.CreateAgentAsync(new CreateAgentRequest { Name = $"Agent {i}" });
            _agents[i] = await _host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret);
        }
    }

    private Task SendAsync()
    {
        _latencies.Begin(Messages);
        var senders = new Task[Concurrency];
        for (var i = 0; i < Concurrency; i++)
        {
            senders[i] = SendManyAsync(_agents[i], Messages / Concurrency);
        }

        return Task.WhenAll(senders);
    }

    private async Task SendManyAsync(NodAgentClient agent, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await agent.SendMessageAsync("Deployed v2.4.1 to staging.").ConfigureAwait(false);
            _latencies.Record(Stopwatch.GetTimestamp() - started);
        }
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(StatisticColumn.OperationsPerSecond);
            AddColumn(new MeasurementColumn("Ack p50", "Median latency from send to acknowledgement (second half of the invocations)"));
            AddColumn(new MeasurementColumn("Ack p99", "99th percentile latency from send to acknowledgement (second half of the invocations)"));
        }
    }
}
