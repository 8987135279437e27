using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nod.Internal;

/// <summary>Metrics and traces under the name <c>Nod</c> (no OpenTelemetry dependency: any listener can subscribe).</summary>
internal static class NodTelemetry
{
    public const string Name = "Nod";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> CommandsProcessed = Meter.CreateCounter<long>("nod.engine.commands", description: "Commands the engine processed.");

    public static readonly Counter<long> CommandsRefused = Meter.CreateCounter<long>("nod.engine.commands_refused", description: "Commands refused (validation, access, conflicts).");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("nod.engine.batch_size", description: "Commands committed per store transaction.");

    // Seconds, as OpenTelemetry's semantic conventions have every duration: dashboards and exporters assume it.
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "nod.engine.commit_duration",
        unit: "s",
        description: "Time to commit one batch.",
        tags: null,
        // Exporters' default buckets (0, 5, 10, … 10000) assume milliseconds: every commit would land in the first one.
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    public static readonly Counter<long> EventsPublished = Meter.CreateCounter<long>("nod.events.published", description: "Committed events handed to subscribers.");
}
