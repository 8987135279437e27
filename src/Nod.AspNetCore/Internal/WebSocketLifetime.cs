using System.Net.WebSockets;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// How a Nod WebSocket (agent or app) ends, shared by both sessions: dropped at once (<see cref="Abort"/>), or closed
/// gracefully (<see cref="RequestClose"/>: the first request's status wins, the session's writer sends the close frame
/// with <see cref="SendCloseAsync"/>, and the peer has <see cref="CloseTimeout"/> to answer); a send that makes no
/// progress for the idle timeout drops the socket; the receive loop runs until the peer's close frame.
/// </summary>
/// <remarks>
/// Cancelling a WebSocket receive or send aborts the socket, so only <see cref="Aborted"/> is ever passed to socket
/// calls; <see cref="Stopping"/> (closing or aborted) ends the session's own waits.
/// </remarks>
internal sealed class WebSocketLifetime : IDisposable
{
    /// <summary>How long the peer has to answer our close frame before the connection is dropped.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _abort;
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _stop;
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly Action _onStalled;
    private WebSocket? _socket;
    private ITimer? _closeTimer;
    private int _closeRequested;

    /// <param name="time">Drives the idle and close timeouts.</param>
    /// <param name="idleTimeout">How long a send may make no progress.</param>
    /// <param name="onStalled">Called (to log) when a send hit <paramref name="idleTimeout"/>, before the socket is dropped.</param>
    /// <param name="requestAborted">The request's abort: the connection is gone.</param>
    public WebSocketLifetime(TimeProvider time, TimeSpan idleTimeout, Action onStalled, CancellationToken requestAborted)
    {
        _abort = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token, _abort.Token);
        _time = time;
        _idleTimeout = idleTimeout;
        _onStalled = onStalled;
    }

    /// <summary>The accepted socket (set once, before anything is sent or received).</summary>
    public WebSocket Socket
    {
        get => _socket ?? throw new InvalidOperationException("The WebSocket has not been accepted yet.");
        set => _socket = value;
    }

    /// <summary>Cancelled when the connection is dropped; the only token socket calls get.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>Cancelled when a close was requested or the connection dropped.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Whether the connection was dropped.</summary>
    public bool IsAborted => _abort.IsCancellationRequested;

    /// <summary>Whether a close was requested or the connection dropped.</summary>
    public bool IsStopping => _stop.IsCancellationRequested;

    /// <summary>Whether a close was requested.</summary>
    public bool IsClosing => Volatile.Read(ref _closeRequested) != 0;

    /// <summary>The status of the close request that won.</summary>
    public WebSocketCloseStatus CloseStatus { get; private set; }

    /// <summary>The reason of the close request that won.</summary>
    public string CloseReason { get; private set; } = string.Empty;

    /// <summary>Whether <paramref name="ex"/> means the connection is gone (or going): the socket is dropped, nothing is logged as a bug.</summary>
    public static bool IsDisconnect(Exception ex) =>
        ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException;

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

    /// <summary>Asks the session's writer to close with <paramref name="status"/>; the first request wins.</summary>
    public void RequestClose(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.CompareExchange(ref _closeRequested, 1, 0) != 0)
        {
            return;
        }

        CloseStatus = status;
        CloseReason = reason;
        try
        {
            // Callers include the engine loop and the host's stopping callback: never run the loops' continuations inline.
            _ = _closing.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    /// <summary>Reads frames until the peer closes (<see langword="true"/>) or the connection fails (<see langword="false"/>).</summary>
    /// <param name="reader">Reads whole messages, within the size limit.</param>
    /// <param name="onMessage">Handles a text, binary or too-large message (not called once our close frame is out).</param>
    /// <param name="onAborted">Called (to log) when the connection failed.</param>
    public async Task<bool> ReceiveUntilCloseAsync(WebSocketMessageReader reader, Func<ReceivedKind, Task> onMessage, Action<Exception> onAborted)
    {
        var socket = Socket;
        while (true)
        {
            ReceivedKind kind;
            try
            {
                kind = await reader.ReceiveAsync(socket, Aborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsDisconnect(ex))
            {
                onAborted(ex);
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

            await onMessage(kind).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for a send; one that makes no progress for the idle timeout means the peer stopped reading: drop it.</summary>
    /// <exception cref="OperationCanceledException">The send timed out (the socket is dropped).</exception>
    public async Task WithinIdleTimeoutAsync(Task send)
    {
        try
        {
            await send.WaitAsync(_idleTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _onStalled();
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
    /// <returns>Whether the close frame went out (<see langword="false"/>: the connection was already closed or is now dropped).</returns>
    public async Task<bool> SendCloseAsync(WebSocketCloseStatus status, string reason)
    {
        var socket = Socket;
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return false;
        }

        try
        {
            await WithinIdleTimeoutAsync(socket.CloseOutputAsync(status, AgentCloseCodes.Reason(reason), CancellationToken.None)).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            Abort();
            return false;
        }

        if (socket.State != WebSocketState.Closed)
        {
            _closeTimer ??= _time.CreateTimer(static state => ((WebSocketLifetime)state!).Abort(), this, CloseTimeout, Timeout.InfiniteTimeSpan);
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _closeTimer?.Dispose();
        _stop.Dispose();
        _closing.Dispose();
        _abort.Dispose();
    }
}
