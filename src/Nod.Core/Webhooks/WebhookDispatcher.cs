using System.Globalization;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nod.Deadlines;
using Nod.Engine;
using Nod.Engine.Commands;
using Nod.Internal;
using Nod.Model;
using Nod.Storage;

namespace Nod.Webhooks;

/// <summary>
/// Sends the webhook outbox (PROTOCOL §6). Due deliveries are armed on the deadline queue; workers (bounded, one
/// attempt at a time per agent, so a slow or dead receiver holds one worker and delays nobody else) POST the logged
/// event JSON, signed afresh each attempt, and report the outcome to the engine, which stores it and re-arms retries.
/// Pending deliveries resume after a restart.
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    /// <summary>The named <see cref="HttpClient"/> the dispatcher uses (no redirects, address guard).</summary>
    public const string HttpClientName = "Nod.Webhooks";

    /// <summary>How long a delivery waits after the dispatcher itself failed on it (store or engine error).</summary>
    internal static readonly TimeSpan FailureRetryDelay = TimeSpan.FromSeconds(30);

    private readonly NodEngine _engine;
    private readonly IHttpClientFactory _httpClients;
    private readonly DeadlineQueue _deadlines;
    private readonly TimeProvider _time;
    private readonly NodWebhookOptions _options;
    private readonly WebhookRetryPolicy _policy;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DeadlineHandle> _armed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<string>> _dueByAgent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _queuedEvents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _queuedOrBusyAgents = new(StringComparer.Ordinal);
    private readonly Channel<string> _readyAgents = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _workers = [];
    private int _stopRequested;

    public WebhookDispatcher(
        NodEngine engine, IHttpClientFactory httpClients, DeadlineQueue deadlines, IOptions<NodOptions> options, TimeProvider time, ILogger<WebhookDispatcher> logger)
    {
        _engine = engine;
        _httpClients = httpClients;
        _deadlines = deadlines;
        _time = time;
        _options = options.Value.Webhooks;
        _policy = new WebhookRetryPolicy(_options, time);
        _logger = logger;
        engine.Observe(OnCommitted);
    }

    /// <summary>Loads the pending outbox (the engine has opened the store) and starts the workers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var delivery in await _engine.Store.Deliveries.ListPendingAsync(cancellationToken).ConfigureAwait(false))
        {
            Arm(delivery);
        }

        _workers = [.. Enumerable.Range(0, _options.MaxConcurrentDeliveries).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>Stops the workers; attempts in flight are abandoned and stay pending for the next start.</summary>
    /// <remarks>Safe to call more than once, and after <see cref="DisposeAsync"/> (hosts may stop a disposed container).</remarks>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 0)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            _readyAgents.Writer.TryComplete();
            lock (_gate)
            {
                foreach (var handle in _armed.Values)
                {
                    handle.Cancel();
                }

                _armed.Clear();
            }
        }

        await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Whether an attempt of the event is armed (diagnostics and tests).</summary>
    internal bool IsArmed(string eventId)
    {
        lock (_gate)
        {
            return _armed.ContainsKey(eventId);
        }
    }

    /// <summary>Engine loop, after commit: arm every delivery that is pending (new, retrying or redelivered).</summary>
    private void OnCommitted(ChangeSet changes)
    {
        foreach (var delivery in changes.Deliveries)
        {
            Arm(delivery);
        }
    }

    private void Arm(WebhookDelivery delivery)
    {
        lock (_gate)
        {
            if (_armed.Remove(delivery.EventId, out var previous))
            {
                previous.Cancel();
            }

            if (delivery.Status != DeliveryStatus.Pending || delivery.NextAttemptAt is not { } due || _stopping.IsCancellationRequested)
            {
                return;
            }

            ArmAt(delivery.AgentId, delivery.EventId, due);
        }
    }

    /// <summary>Arms (or re-arms) one delivery's next attempt. Caller holds the lock.</summary>
    private void ArmAt(string agentId, string eventId, DateTimeOffset due)
    {
        if (_armed.Remove(eventId, out var previous))
        {
            previous.Cancel();
        }

        _armed[eventId] = _deadlines.Schedule(due, () => Enqueue(agentId, eventId));
    }

    private void Enqueue(string agentId, string eventId)
    {
        lock (_gate)
        {
            _armed.Remove(eventId);

            // Armed twice (by a commit and by the start-up load)? It is attempted once.
            if (!_queuedEvents.Add(eventId))
            {
                return;
            }

            if (!_dueByAgent.TryGetValue(agentId, out var queue))
            {
                _dueByAgent[agentId] = queue = new Queue<string>();
            }

            queue.Enqueue(eventId);
            if (_queuedOrBusyAgents.Add(agentId))
            {
                _readyAgents.Writer.TryWrite(agentId);
            }
        }
    }

    private async Task WorkAsync()
    {
        var reader = _readyAgents.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var agentId))
                {
                    string? eventId;
                    lock (_gate)
                    {
                        eventId = _dueByAgent.TryGetValue(agentId, out var queue) && queue.TryDequeue(out var next) ? next : null;
                        if (eventId is not null)
                        {
                            _queuedEvents.Remove(eventId);
                        }
                    }

                    if (eventId is not null)
                    {
                        await AttemptAsync(agentId, eventId).ConfigureAwait(false);
                    }

                    lock (_gate)
                    {
                        // One attempt per agent at a time: hand the agent back only if it has more due.
                        if (_dueByAgent.TryGetValue(agentId, out var queue) && queue.Count > 0)
                        {
                            _readyAgents.Writer.TryWrite(agentId);
                        }
                        else
                        {
                            _dueByAgent.Remove(agentId);
                            _queuedOrBusyAgents.Remove(agentId);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task AttemptAsync(string agentId, string eventId)
    {
        try
        {
            var delivery = await _engine.Store.Deliveries.GetAsync(eventId, _stopping.Token).ConfigureAwait(false);
            if (delivery is not { Status: DeliveryStatus.Pending })
            {
                return;
            }

            if (delivery.NextAttemptAt > _time.GetUtcNow())
            {
                // Enqueued by an older arming: not its time yet.
                Arm(delivery);
                return;
            }

            var attempted = (delivery.Attempts, delivery.RetryNum);
            var outcome = _engine.Committed.Agents.TryGetValue(delivery.AgentId, out var agent) && agent.WebhookUrl is { } url
                ? await SendAsync(delivery, url, agent.WebhookSecret).ConfigureAwait(false)
                : new DeliveryAttempt(eventId, attempted, null, "the agent has no webhook_url any more", DeliveryNext.Failed);
            await _engine.ExecuteAsync(new RecordDeliveryAttemptCommand(outcome), _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the delivery stays pending and resumes at the next start.
        }
        catch (NodException ex) when (ex.Kind == NodErrorKind.Unavailable)
        {
            // Nod is stopping.
        }
#pragma warning disable CA1031 // One broken delivery must not stop the dispatcher.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The store could not be read or the outcome not recorded: try the delivery again later rather than leave
            // it pending with nothing armed (the receiver may see it twice; deliveries are at-least-once).
            Log.WebhookAttemptCrashed(_logger, eventId, ex);
            lock (_gate)
            {
                if (!_stopping.IsCancellationRequested)
                {
                    ArmAt(agentId, eventId, _time.GetUtcNow() + FailureRetryDelay);
                }
            }
        }
    }

    private async Task<DeliveryAttempt> SendAsync(WebhookDelivery delivery, string url, string webhookSecret)
    {
        var attempted = (delivery.Attempts, delivery.RetryNum);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = WebhookSignatures.KeyOf(webhookSecret);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(delivery.Payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var headers = request.Headers;
        headers.Add("X-Nod-Event-Id", delivery.EventId);
        headers.Add("X-Nod-Delivery-Id", NodIds.Delivery());
        headers.Add("X-Nod-Timestamp", timestamp);
        headers.Add("X-Nod-Retry-Num", delivery.RetryNum.ToString(CultureInfo.InvariantCulture));
        headers.Add("X-Nod-Retry-Reason", delivery.RetryReason);
        headers.Add("X-Nod-Signature", WebhookSignatures.NodSignature(key, timestamp, delivery.Payload));
        headers.Add("webhook-id", delivery.EventId);
        headers.Add("webhook-timestamp", timestamp);
        headers.Add("webhook-signature", WebhookSignatures.StandardSignature(key, delivery.EventId, timestamp, delivery.Payload));

        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        try
        {
            // Headers only: the body is never read, so a huge answer costs nothing.
            using var response = await _httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            return _policy.Decide(delivery.EventId, attempted, response.StatusCode, response.Headers.RetryAfter, null, retryable: true);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            return _policy.Decide(delivery.EventId, attempted, null, null, $"timeout after {_options.AttemptTimeout.TotalSeconds:0.###} s", retryable: true);
        }
        catch (HttpRequestException ex) when (FindRefusal(ex) is { } refused)
        {
            return _policy.Decide(delivery.EventId, attempted, null, null, refused.Message, retryable: false);
        }
        catch (HttpRequestException ex)
        {
            return _policy.Decide(delivery.EventId, attempted, null, null, $"connection error: {ex.Message}", retryable: true);
        }
    }

    private static WebhookAddressRefusedException? FindRefusal(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is WebhookAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
