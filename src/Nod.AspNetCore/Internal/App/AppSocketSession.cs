using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Nod.Fanout;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// One <c>/ws/app</c> socket (PROTOCOL §7), two loops until it closes —
/// <list type="bullet">
/// <item>pump: sends the snapshot frame, then the user's events (replay after <c>after</c>, then live) straight from
/// the stream to the socket, each event's payload as it was serialized once; at the end, the close frame;</item>
/// <item>receive: answers <c>ping</c> with <c>pong</c> and anything else with an <c>error</c> frame (never a close).</item>
/// </list>
/// Both write through one send gate, so frames never interleave; the pump holds it while it drains what is ready. This
/// is the fan-out's hot path: with many sockets, a queue and a send task per socket between the stream and the socket
/// cost more than the sends themselves. Memory per socket is bounded: the subscription's own bounded buffer — beyond
/// that it catches up from the event log later — and the receive buffer at most
/// <see cref="NodHttpOptions.MaxAppWebSocketMessageSize"/>. A peer that stops reading therefore never delays the engine
/// or anyone else; a send that makes no progress for the idle timeout drops it.
/// </summary>
/// <remarks>
/// How the socket ends (abort, close request, idle and close timeouts) is <see cref="WebSocketLifetime"/>'s: a graceful
/// close is requested there, and the pump turns it into a close frame once it stopped sending. Pumps are resumed on
/// shared wake-ups (<see cref="NodSubscription.UseSharedWakeUps"/>).
/// </remarks>
internal sealed class AppSocketSession : IAsyncDisposable
{
    private readonly AppApi _api;
    private readonly NodUserStream _stream;
    private readonly string _userId;
    private readonly WebSocketMessageReader _reader;
    private readonly WebSocketLifetime _lifetime;
    private readonly AsyncGate _sendGate = new();
    private WebSocket? _socket;
    private BurstWriteStream? _transport;
    private CancellationTokenRegistration _stoppingRegistration;
    private bool _receivesSettled = true;

    public AppSocketSession(AppApi api, NodUserStream stream, string userId, CancellationToken requestAborted)
    {
        _api = api;
        _stream = stream;
        _userId = userId;
        _reader = new WebSocketMessageReader(api.Options.MaxAppWebSocketMessageSize);
        _lifetime = new WebSocketLifetime(api.Time, api.Options.WebSocketIdleTimeout, () => AppLog.SocketStalled(api.Logger, userId, api.Options.WebSocketIdleTimeout), requestAborted);
    }

    /// <summary>Runs the accepted socket to its end.</summary>
    /// <param name="socket">The accepted socket.</param>
    /// <param name="transport">The stream under it when it can send a burst of frames as one write.</param>
    public async Task RunAsync(WebSocket socket, BurstWriteStream? transport)
    {
        _socket = socket;
        _lifetime.Socket = socket;
        _transport = transport;
        _receivesSettled = false;
        _stoppingRegistration = _api.Stopping.UnsafeRegister(
            static state => ((AppSocketSession)state!).RequestClose(AgentCloseCodes.GoingAway, "Nod is shutting down"), this);

        // The pump takes the send gate before it first yields, so the snapshot goes out before any reply.
        var pumping = PumpAsync();
        var peerClosed = await ReceiveLoopAsync().ConfigureAwait(false);
        _receivesSettled = true;
        if (!peerClosed)
        {
            Abort();
        }

        await pumping.ConfigureAwait(false);
    }

    /// <summary>Drops the connection at once, without a close handshake.</summary>
    public void Abort() => _lifetime.Abort();

    public async ValueTask DisposeAsync()
    {
        await _stoppingRegistration.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);

        // A receive still pending (only after a bug) writes into the buffer: then leave it to the GC.
        if (_receivesSettled)
        {
            _reader.Dispose();
        }

        _lifetime.Dispose();
        _sendGate.Dispose();
    }

    /// <summary>Reads frames until the peer closes (<see langword="true"/>) or the connection fails (<see langword="false"/>).</summary>
    private Task<bool> ReceiveLoopAsync() =>
        _lifetime.ReceiveUntilCloseAsync(_reader, HandleMessageAsync, ex => AppLog.SocketAborted(_api.Logger, _userId, ex));

    private Task HandleMessageAsync(ReceivedKind kind)
    {
        switch (kind)
        {
            case ReceivedKind.TooLarge:
                RequestClose(AgentCloseCodes.TooBig, string.Create(CultureInfo.InvariantCulture, $"message larger than {_api.Options.MaxAppWebSocketMessageSize} bytes"));
                return Task.CompletedTask;
            case ReceivedKind.Binary:
                return ReplyAsync(AgentReplyFrames.Error(null, "binary frames are not accepted: send JSON text frames such as {\"type\":\"ping\"}"));
            default:
                return ReplyAsync(Answer(_reader.Message.Span));
        }
    }

    /// <summary><c>ping</c> → <c>pong</c>; anything else → an <c>error</c> frame that says why.</summary>
    internal static ReadOnlyMemory<byte> Answer(ReadOnlySpan<byte> frame)
    {
        string detail;
        try
        {
            var reader = new Utf8JsonReader(frame);
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                detail = "the frame must be one JSON object: something follows it";
            }
            else if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                detail = "the frame must be a JSON object such as {\"type\":\"ping\"}";
            }
            else if (!document.RootElement.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
            {
                detail = "type is required (a string): the app stream accepts {\"type\":\"ping\"}";
            }
            else if (type.ValueEquals("ping"u8))
            {
                return AgentReplyFrames.Pong;
            }
            else
            {
                var name = type.GetString()!;
                detail = $"unknown type '{(name.Length <= 50 ? name : name[..50] + "…")}': the app stream accepts only ping";
            }
        }
        catch (JsonException)
        {
            detail = "the frame is not valid JSON";
        }

        return AgentReplyFrames.Error(null, detail);
    }

    /// <summary>Runs <see cref="PumpEventsAsync"/> on shared wake-ups, and ends off the shared thread-pool item.</summary>
    private async Task PumpAsync()
    {
        var subscription = _stream.Subscription;

        // Between waits the pump never blocks (sends and the send gate are awaited): it is resumed together with the
        // other sockets' pumps that the same event woke, on a shared thread-pool item.
        subscription.UseSharedWakeUps();

        // Waiting without a token lets the subscription reuse its one waiter: no allocation and no registration per
        // event, on the path every event takes to every socket. Stopping ends the wait by ending the subscription.
        var stopping = _lifetime.Stopping.UnsafeRegister(static state => EndSubscription((NodSubscription)state!), subscription);
        try
        {
            await PumpEventsAsync(subscription).ConfigureAwait(false);
        }
        finally
        {
            // Not Dispose(): it would wait for the callback if it is running on another thread, here where nothing may wait.
            stopping.Unregister();
        }

        // What follows the pump (the session's and the request's teardown) must not hold up the pumps sharing this item.
        await Task.Yield();
    }

    /// <summary>
    /// Sends the snapshot, then the user's events as they come; when the stream ends (Nod stopping), closes with 1001.
    /// Once stopped, sends the close frame if a close was requested (and the connection was not dropped).
    /// </summary>
    private async Task PumpEventsAsync(NodSubscription subscription)
    {
        try
        {
            // The snapshot describes the moment the stream opened; the events that follow continue from its seq.
            await _sendGate.EnterAsync(_lifetime.Stopping).ConfigureAwait(false);
            try
            {
                // Closing already (the gate is entered even then): no snapshot, straight to the close below.
                if (!_lifetime.IsStopping
                    && !await TrySendAsync(JsonSerializer.SerializeToUtf8Bytes(_stream.Snapshot, NodJsonContext.Default.SnapshotFrame)).ConfigureAwait(false))
                {
                    return;
                }
            }
            finally
            {
                _sendGate.Exit();
            }

            while (await subscription.WaitToReadAsync().ConfigureAwait(false) && !_lifetime.IsStopping)
            {
                await _sendGate.EnterAsync(_lifetime.Stopping).ConfigureAwait(false);
                try
                {
                    // What is ready now (one agent message is several app events) goes out in one network write.
                    _transport?.BeginBurst();
                    while (!_lifetime.IsStopping && subscription.TryRead(out var nodEvent))
                    {
                        if (!await TrySendAsync(nodEvent.Payload, inBurst: true).ConfigureAwait(false))
                        {
                            return;
                        }
                    }

                    if (!await TryEndBurstAsync().ConfigureAwait(false))
                    {
                        return;
                    }
                }
                finally
                {
                    _sendGate.Exit();
                }
            }

            if (!_lifetime.IsStopping)
            {
                RequestClose(AgentCloseCodes.GoingAway, "Nod is shutting down");
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsStopping)
        {
            // Closing or aborted.
        }
#pragma warning disable CA1031 // E.g. the store failing a catch-up read: close this socket, keep the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AppLog.SocketFailed(_api.Logger, _userId, ex);
            RequestClose(WebSocketCloseStatus.InternalServerError, "internal error");
        }

        if (_lifetime.IsAborted || !_lifetime.IsClosing)
        {
            return;
        }

        // No token: a reply being sent finishes (or times out) first; replies still waiting see the stop and give up.
        await _sendGate.EnterAsync().ConfigureAwait(false);
        try
        {
            AppLog.SocketClosing(_api.Logger, _userId, _lifetime.CloseStatus, _lifetime.CloseReason);

            // Whatever way the pump ended, nothing may stay held behind the close frame.
            if (await TryEndBurstAsync().ConfigureAwait(false))
            {
                await SendCloseAsync(_lifetime.CloseStatus, _lifetime.CloseReason).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendGate.Exit();
        }
    }

    private static void EndSubscription(NodSubscription subscription) => subscription.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A reply of the receive loop, sent between the pump's bursts; dropped once the socket is closing.</summary>
    private async Task ReplyAsync(ReadOnlyMemory<byte> frame)
    {
        try
        {
            await _sendGate.EnterAsync(_lifetime.Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsStopping)
        {
            // Closing: the reply has nobody left to read it.
            return;
        }

        try
        {
            if (!_lifetime.IsStopping)
            {
                await TrySendAsync(frame).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendGate.Exit();
        }
    }

    /// <summary>Sends one frame (the caller holds the send gate); <see langword="false"/> when the connection is gone (it is then dropped).</summary>
    /// <param name="frame">The frame's text.</param>
    /// <param name="inBurst">
    /// The pump sends an event during its burst: framed straight into the transport when there is one (see
    /// <see cref="BurstWriteStream.WriteTextFrameAsync"/>), which only the pump may do.
    /// </param>
    private async ValueTask<bool> TrySendAsync(ReadOnlyMemory<byte> frame, bool inBurst = false)
    {
        try
        {
            var pending = inBurst && _transport is { } transport
                ? transport.WriteTextFrameAsync(frame, CancellationToken.None)
                : _socket!.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            if (pending.IsCompletedSuccessfully)
            {
                pending.GetAwaiter().GetResult();
                return true;
            }

            await _lifetime.WithinIdleTimeoutAsync(pending.AsTask()).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            Abort();
            return false;
        }
    }

    /// <summary>Sends the frames the burst held (the caller holds the send gate); <see langword="false"/> when the connection is gone.</summary>
    private async ValueTask<bool> TryEndBurstAsync()
    {
        if (_transport is null)
        {
            return true;
        }

        try
        {
            var pending = _transport.EndBurstAsync(CancellationToken.None);
            if (!pending.IsCompletedSuccessfully)
            {
                await _lifetime.WithinIdleTimeoutAsync(pending).ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            Abort();
            return false;
        }
    }

    private Task<bool> SendCloseAsync(WebSocketCloseStatus status, string reason) => _lifetime.SendCloseAsync(status, reason);

    private void RequestClose(WebSocketCloseStatus status, string reason) => _lifetime.RequestClose(status, reason);

    private static bool IsDisconnect(Exception ex) => WebSocketLifetime.IsDisconnect(ex);
}
