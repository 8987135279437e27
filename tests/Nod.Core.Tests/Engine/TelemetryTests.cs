using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nod.Core.Tests.Infrastructure;
using Nod.Internal;
using Nod.Model;
using Nod.Storage;
using Nod.Storage.Conformance;
using Nod.Storage.InMemory;

namespace Nod.Core.Tests.Engine;

/// <summary>
/// The <c>Nod</c> meter and activity source as any listener (OpenTelemetry or not) sees them: the instruments the README
/// lists, durations in seconds as OpenTelemetry's semantic conventions have them, and the commit trace.
/// </summary>
/// <remarks>
/// The meter is static, so a listener also hears the engines of tests running in parallel: these tests look for their
/// own measurement rather than asserting on all of them.
/// </remarks>
public sealed class TelemetryTests
{
    [Fact]
    public void NodMeter_Instruments_AreTheDocumentedOnesAndDurationsAreInSeconds()
    {
        var published = new ConcurrentDictionary<string, Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == NodTelemetry.Name)
                {
                    published[instrument.Name] = instrument;
                }
            },
        };
        RuntimeHelpers.RunClassConstructor(typeof(NodTelemetry).TypeHandle);   // the meter exists once NodTelemetry is touched

        listener.Start();

        var catalogue = published.Values.Select(i => $"{i.Name} {i.GetType().Name} {i.Unit}").Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "nod.engine.batch_size Histogram`1 ",
                "nod.engine.commands Counter`1 ",
                "nod.engine.commands_refused Counter`1 ",
                "nod.engine.commit_duration Histogram`1 s",
                "nod.events.published Counter`1 ",
            ],
            catalogue);
        Assert.All(published.Values.Where(i => i.Name.EndsWith("_duration", StringComparison.Ordinal)), i => Assert.Equal("s", i.Unit));
    }

    [Fact]
    public async Task CommitDuration_ACommitTakingOneAndAHalfSeconds_IsRecordedAs1Point5()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
        var store = new SlowCommitStore(time);
        var values = new ConcurrentQueue<double>();
        string? unit = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == NodTelemetry.Name && instrument.Name == "nod.engine.commit_duration")
                {
                    unit = instrument.Unit;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => values.Enqueue(value));
        listener.Start();
        await using var host = await NodTestHost.StartAsync(services: store.Register, time: time);

        store.NextCommitTakes(TimeSpan.FromSeconds(1.5));
        await host.Nod.ForUser("alice", "Alice").CreateAgentAsync(new CreateAgentRequest { Name = "A" }).Within();

        Assert.Contains(1.5, values);   // 1500 while it was recorded in milliseconds
        Assert.Equal("s", unit);
    }

    [Fact]
    public async Task CommitTrace_ACommand_IsANodCommitActivityTaggedWithTheBatchSize()
    {
        var commits = new ConcurrentQueue<Activity>();
        var traced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == NodTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                commits.Enqueue(activity);
                if (activity.OperationName == "nod.commit" && activity.GetTagItem("nod.batch_size") is int size && size >= 1)
                {
                    traced.TrySetResult();
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await NodTestHost.StartAsync();

        await host.Nod.ForUser("alice", "Alice").CreateAgentAsync(new CreateAgentRequest { Name = "A" }).Within();

        // The activity ends once the batch's commands are answered, so it can stop just after the call returns.
        await traced.Task.Within();
        Assert.All(commits, a => Assert.Equal("nod.commit", a.OperationName));
    }

    /// <summary>The in-memory store, except that a commit can be made to take a given time on the host's fake clock.</summary>
    private sealed class SlowCommitStore(FakeTimeProvider time) : DelegatingNodStore(new InMemoryNodStore())
    {
        private long _nextCommitTicks;

        public void Register(IServiceCollection services) => services.AddSingleton<INodStore>(this);

        public void NextCommitTakes(TimeSpan duration) => Interlocked.Exchange(ref _nextCommitTicks, duration.Ticks);

        public override async ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default)
        {
            var outcomes = await Inner.CommitAsync(changeSets, cancellationToken);
            var ticks = Interlocked.Exchange(ref _nextCommitTicks, 0);
            if (ticks > 0)
            {
                time.Advance(TimeSpan.FromTicks(ticks));
            }

            return outcomes;
        }
    }
}
