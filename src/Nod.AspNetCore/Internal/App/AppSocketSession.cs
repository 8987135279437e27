using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// One <c>/ws/app</c> socket (PROTOCOL §7): the snapshot frame first, then three loops until it closes —
/// <list type="bullet">
/// <item>pump: moves the user's events (replay after <c>after</c>, then live) from the stream to the outbox, each
/// event's payload as it was serialized once;</item>
/// <item>receive: answers <c>ping</c> with <c>pong</c> and anything else with an <c>error</c> frame (never a close);</item>
/// <item>send: the socket's only writer, draining the outbox.</item>
/// </list>
/// Memory per socket is bounded: the outbox holds at most <see cref="OutboxCapacity"/> frames (shared payloads, not
/// copies), the subscription its own bounded buffer — beyond that it catches up from the event log later — and the
/// receive buffer at most <see cref="NodHttpOptions.MaxAppWebSocketMessageSize"/>. A peer that stops reading therefore
/// never delays the engine or anyone else; a send that makes no progress for the idle timeout drops it.
/// </summary>
/// <remarks>
/// Cancelling a WebSocket receive or send aborts the socket, so only <see cref="_abort"/> is ever passed to socket
/// calls; a graceful close goes through <see cref="RequestClose"/>, which the send loop turns into a close frame.
/// </remarks>
internal sealed class AppSocketSession : IAsyncDisposable
{
    private const int OutboxCapacity = 64;

    /// <summary>How long the peer has to answer our close frame before the connection is dropped.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly AppApi _api;
    private readonly NodUserStream _stream;
    private readonly string _userId;
    private readonly WebSocketMessageReader _reader;
    private readonly CancellationTokenSource _abort;
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _stop;
    private readonly Channel<ReadOnlyMemory<byte>> _outbox;
    private WebSocket? _socket;
    private CancellationTokenRegistration _stoppingRegistration;
    private ITimer? _closeTimer;
    private int _closeRequested;
    private WebSocketCloseStatus _closeStatus;
    private string _closeReason = string.Empty;
    private bool _receivesSettled = true;

    public AppSocketSession(AppApi api, NodUserStream stream, string userId, CancellationToken requestAborted)
    {
        _api = api;
        _stream = stream;
        _userId = userId;
        _reader = new WebSocketMessageReader(api.Options.MaxAppWebSocketMessageSize);
        _abort = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token, _abort.Token);
        _outbox = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(OutboxCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    private bool IsClosing => Volatile.Read(ref _closeRequested) != 0;

    /// <summary>Runs the accepted socket to its end.</summary>
    public async Task RunAsync(WebSocket socket)
    {
        _socket = socket;
        _receivesSettled = false;
        _stoppingRegistration = _api.Stopping.UnsafeRegister(
            static state => ((AppSocketSession)state!).RequestClose(AgentCloseCodes.GoingAway, "Nod is shutting down"), this);

        // The snapshot describes the moment the stream opened; the events that follow continue from its seq.
        _outbox.Writer.TryWrite(JsonSerializer.SerializeToUtf8Bytes(_stream.Snapshot, NodJsonContext.Default.SnapshotFrame));
        var sending = SendLoopAsync();
        var pumping = PumpAsync();
        var peerClosed = await ReceiveLoopAsync().ConfigureAwait(false);
        _receivesSettled = true;
        if (!peerClosed)
        {
            Abort();
        }

        await sending.ConfigureAwait(false);
        await pumping.ConfigureAwait(false);
    }

    /// <summary>Drops the connection at once, without a close handshake.</summary>
    public void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }

        _socket?.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        _closeTimer?.Dispose();
        await _stoppingRegistration.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);

        // A receive still pending (only after a bug) writes into the buffer: then leave it to the GC.
        if (_receivesSettled)
        {
            _reader.Dispose();
        }

        _stop.Dispose();
        _closing.Dispose();
        _abort.Dispose();
    }

    /// <summary>Reads frames until the peer closes (<see langword="true"/>) or the connection fails (<see langword="false"/>).</summary>
    private async Task<bool> ReceiveLoopAsync()
    {
        var socket = _socket!;
        while (true)
        {
            ReceivedKind kind;
            try
            {
                kind = await _reader.ReceiveAsync(socket, _abort.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsDisconnect(ex))
            {
                AppLog.SocketAborted(_api.Logger, _userId, ex);
                return false;
            }

            if (kind == ReceivedKind.Close)
            {
                // Either the answer to our close frame, or the peer closing: then answer with its status.
                RequestClose(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, string.Empty);
                return true;
            }

            if (IsClosing)
            {
                // Our close frame is out: what still arrives is dropped until the peer's close frame.
                continue;
            }

            switch (kind)
            {
                case ReceivedKind.TooLarge:
                    RequestClose(AgentCloseCodes.TooBig, string.Create(CultureInfo.InvariantCulture, $"message larger than {_api.Options.MaxAppWebSocketMessageSize} bytes"));
                    break;
                case ReceivedKind.Binary:
                    await ReplyAsync(AgentReplyFrames.Error(null, "binary frames are not accepted: send JSON text frames such as {\"type\":\"ping\"}")).ConfigureAwait(false);
                    break;
                default:
                    await ReplyAsync(Answer(_reader.Message.Span)).ConfigureAwait(false);
                    break;
            }
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

    /// <summary>Moves the user's events to the outbox; when the stream ends (Nod stopping), closes with 1001.</summary>
    private async Task PumpAsync()
    {
        var subscription = _stream.Subscription;
        try
        {
            while (await subscription.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (subscription.TryRead(out var nodEvent))
                {
                    await _outbox.Writer.WriteAsync(nodEvent.Payload, _stop.Token).ConfigureAwait(false);
                }
            }

            RequestClose(AgentCloseCodes.GoingAway, "Nod is shutting down");
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
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
    }

    private async Task ReplyAsync(ReadOnlyMemory<byte> frame)
    {
        try
        {
            await _outbox.Writer.WriteAsync(frame, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closing: the reply has nobody left to read it.
        }
    }

    /// <summary>The socket's only writer. On close: sends the close frame once the outbox loop stopped.</summary>
    private async Task SendLoopAsync()
    {
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (!_stop.IsCancellationRequested && reader.TryRead(out var frame))
                {
                    await SendFrameAsync(frame).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closing or aborted.
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            Abort();
            return;
        }

        if (_abort.IsCancellationRequested || !IsClosing)
        {
            return;
        }

        AppLog.SocketClosing(_api.Logger, _userId, _closeStatus, _closeReason);
        await SendCloseAsync(_closeStatus, _closeReason).ConfigureAwait(false);
    }

    private async Task SendFrameAsync(ReadOnlyMemory<byte> frame)
    {
        var pending = _socket!.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            return;
        }

        await WithinIdleTimeoutAsync(pending.AsTask()).ConfigureAwait(false);
    }

    /// <summary>Waits for a send; one that makes no progress for the idle timeout means the peer stopped reading: drop it.</summary>
    private async Task WithinIdleTimeoutAsync(Task send)
    {
        try
        {
            await send.WaitAsync(_api.Options.WebSocketIdleTimeout, _api.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            AppLog.SocketStalled(_api.Logger, _userId, _api.Options.WebSocketIdleTimeout);
            Abort();
            try
            {
                await send.ConfigureAwait(false);
            }
            catch (Exception ex) when (IsDisconnect(ex))
            {
                // Expected: the abort failed it.
            }

            throw new OperationCanceledException("The peer stopped reading.");
        }
    }

    /// <summary>Sends our close frame (answering the peer's, if it closed first) and arms the close timeout.</summary>
    private async Task SendCloseAsync(WebSocketCloseStatus status, string reason)
    {
        var socket = _socket!;
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            await WithinIdleTimeoutAsync(socket.CloseOutputAsync(status, AgentCloseCodes.Reason(reason), CancellationToken.None)).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            Abort();
            return;
        }

        if (socket.State != WebSocketState.Closed)
        {
            _closeTimer ??= _api.Time.CreateTimer(static state => ((AppSocketSession)state!).Abort(), this, CloseTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Asks the send loop to close with <paramref name="status"/>; the first request wins.</summary>
    private void RequestClose(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.CompareExchange(ref _closeRequested, 1, 0) != 0)
        {
            return;
        }

        _closeStatus = status;
        _closeReason = reason;
        try
        {
            // Callers include the host's stopping callback: never run the loops' continuations inline.
            _ = _closing.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    private static bool IsDisconnect(Exception ex) =>
        ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException;
}
