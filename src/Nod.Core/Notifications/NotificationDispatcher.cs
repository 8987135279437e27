using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Nod.Internal;

namespace Nod.Notifications;

/// <summary>Runs the host's notification handlers on a background loop so the engine never waits for them.</summary>
internal sealed class NotificationDispatcher : IAsyncDisposable
{
    private const int Capacity = 10_000;

    private readonly INodNotificationHandler[] _handlers;
    private readonly ILogger _logger;
    private readonly Channel<NodNotification> _queue = Channel.CreateBounded<NodNotification>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public NotificationDispatcher(IEnumerable<INodNotificationHandler> handlers, ILogger<NotificationDispatcher> logger)
    {
        _handlers = [.. handlers];
        _logger = logger;
    }

    /// <summary>Whether anybody listens; when not, the engine does not even build notifications.</summary>
    public bool HasHandlers => _handlers.Length > 0;

    public void Start() => _loop ??= Task.Run(RunAsync);

    public void Enqueue(NodNotification notification)
    {
        if (HasHandlers)
        {
            _queue.Writer.TryWrite(notification);
        }
    }

    /// <summary>Delivers what is queued, then stops; gives up when <paramref name="cancellationToken"/> fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is null || _loop.IsCompleted)
        {
            // Never started, or already over (e.g. stopped after being disposed): nothing left to wait for.
            return;
        }

        using var registration = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _stopping);
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var notification))
                {
                    foreach (var handler in _handlers)
                    {
                        try
                        {
                            await handler.HandleAsync(notification, _stopping.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                        {
                            return;
                        }
#pragma warning disable CA1031 // A failing handler must not stop the others.
                        catch (Exception ex)
#pragma warning restore CA1031
                        {
                            Log.NotificationHandlerFailed(_logger, handler.GetType().Name, notification.GetType().Name, ex);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
