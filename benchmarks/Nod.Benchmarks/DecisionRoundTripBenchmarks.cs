using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Nod.Benchmarks.Infrastructure;

namespace Nod.Benchmarks;

/// <summary>
/// Scenario 5: a decision round trip in process — the agent asks, a person (a task reading their live stream) approves,
/// the agent's awaiting task completes. Baseline: the least an in-process request/response can cost, a request with a
/// <see cref="TaskCompletionSource{TResult}"/> handed through a channel to the other task, which completes it. Nod adds
/// validation, two engine commands (create, resolve), two commits, the <c>decision_created</c> event through the
/// fan-out to the person and the resolution back to the agent.
/// </summary>
[MemoryDiagnoser]
public class DecisionRoundTripBenchmarks
{
    private readonly Channel<(string Title, TaskCompletionSource<string> Answer)> _requests =
        Channel.CreateUnbounded<(string, TaskCompletionSource<string>)>(new UnboundedChannelOptions { SingleReader = true });

    private NodHost? _host;
    private NodAgentClient? _agent;
    private NodUserStream? _stream;
    private Task _person = Task.CompletedTask;

    [GlobalSetup(Target = nameof(Raw))]
    public void SetupRaw() => _person = Task.Run(AnswerRawAsync);

    [GlobalSetup(Target = nameof(InMemory))]
    public Task SetupInMemory() => SetupAsync(liteDb: false);

    [GlobalSetup(Target = nameof(LiteDb))]
    public Task SetupLiteDb() => SetupAsync(liteDb: true);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _requests.Writer.TryComplete();
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        await _person;
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, Description = "raw request/response (channel + TaskCompletionSource)")]
    public async Task<string> Raw()
    {
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _requests.Writer.WriteAsync(("Deploy v2.4.1?", answer));
        return await answer.Task;
    }

    [Benchmark(Description = "Nod, in memory")]
    public Task<Decision> InMemory() => AskAsync();

    [Benchmark(Description = "Nod, LiteDB (group commit)")]
    public Task<Decision> LiteDb() => AskAsync();

    private Task<Decision> AskAsync() =>
        _agent!.AskAsync(new DecisionEvent { Title = "Deploy v2.4.1?", Description = "All tests passed.", Kind = "approval" });

    private async Task SetupAsync(bool liteDb)
    {
        _host = await NodHost.StartAsync(liteDb ? string.Empty : null);
        var (user, agent) = await _host.CreateAgentAsync();
        _agent = agent;
        _stream = await user.SubscribeAsync();
        _person = Task.Run(() => ApproveAsync(user, _stream));
    }

    private async Task AnswerRawAsync()
    {
        var reader = _requests.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var request))
            {
                request.Answer.SetResult("approved");
            }
        }
    }

    private static async Task ApproveAsync(NodUserClient user, NodUserStream stream)
    {
        await foreach (var frame in stream.ReadFramesAsync().ConfigureAwait(false))
        {
            if (frame is DecisionCreatedFrame { Decision.IsPending: true } created)
            {
                await user.ApproveAsync(created.Decision.Id).ConfigureAwait(false);
            }
        }
    }
}
