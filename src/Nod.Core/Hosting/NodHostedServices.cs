using Microsoft.Extensions.Hosting;
using Nod.Deadlines;
using Nod.Engine;

namespace Nod.Hosting;

/// <summary>Runs the deadline queue for the host's lifetime. Registered before the engine, so it stops after it.</summary>
internal sealed class DeadlineQueueHostedService(DeadlineQueue queue) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        queue.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Stop();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Runs the engine for the host's lifetime: opens the store and loads the state on start; on stop, lets queued
/// commands finish (or refuses them when the host's shutdown timeout fires), so nothing hangs.
/// </summary>
internal sealed class NodEngineHostedService(NodEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => engine.StopAsync(cancellationToken);
}

/// <summary>Runs the webhook dispatcher; registered after the engine so the store is open when it loads the outbox.</summary>
internal sealed class WebhookDispatcherHostedService(Webhooks.WebhookDispatcher dispatcher) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => dispatcher.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => dispatcher.StopAsync(cancellationToken);
}
