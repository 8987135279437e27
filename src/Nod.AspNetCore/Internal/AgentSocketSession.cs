using System.Globalization;
using System.Net.WebSockets;
using System.Threading.Channels;
using Nod.Fanout;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// One agent WebSocket (PROTOCOL §2–§4, §8): authenticates it, then runs three loops until it closes —
/// <list type="bullet">
/// <item>receive: parses each frame with the shared parser and hands it to the engine, in order; replies go to the outbox;</item>
/// <item>pump: moves the agent's updates (replay after <c>after</c>, then live) from its subscription to the outbox;</item>
/// <item>send: the socket's only writer, draining the outbox.</item>
/// </list>
/// The outbox is bounded: when the peer stops reading, the pump waits and the subscription (not the engine) absorbs the
/// difference, catching up from the store later; a send that makes no progress for the idle timeout drops the socket.
/// </summary>
/// <remarks>
/// How the socket ends (abort, close request, idle and close timeouts) is <see cref="WebSocketLifetime"/>'s: a graceful
/// close is requested there, and the send loop turns it into a close frame.
/// </remarks>
internal sealed class AgentSocketSession : IAsyncDisposable
{
    private const int OutboxCapacity = 64;

    /// <summary>
    /// Nod secrets are 44 characters: a longer one cannot match and is refused here, so a stranger's megabyte "secret"
    /// costs the engine no hashing.
    /// </summary>
    private const int MaxSecretLength = 256;

    private readonly AgentApi _api;
    private readonly WebSocket _socket;
    private readonly string _agentId;
    private readonly WebSocketMessageReader _reader;
    private readonly WebSocketLifetime _lifetime;
    private readonly Channel<ReadOnlyMemory<byte>> _outbox;
    private NodAgentClient? _client;
    private NodSubscription? _subscription;
    private CancellationTokenRegistration _endedRegistration;
    private CancellationTokenRegistration _stoppingRegistration;
    private bool _released;
    private bool _receivesSettled = true;

    public AgentSocketSession(AgentApi api, WebSocket socket, string agentId, CancellationToken requestAborted)
    {
        _api = api;
        _socket = socket;
        _agentId = agentId;
        _reader = new WebSocketMessageReader(api.Options.MaxWebSocketMessageSize);
        _lifetime = new WebSocketLifetime(api.Time, api.Options.WebSocketIdleTimeout, () => Log.SocketStalled(api.Logger, agentId, api.Options.WebSocketIdleTimeout), requestAborted)
        {
            Socket = socket,
        };
        _outbox = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(OutboxCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Runs the socket to its end.</summary>
    /// <param name="headerAgentId"><c>X-Nod-Agent-Id</c> of the upgrade request, if any.</param>
    /// <param name="headerSecret"><c>X-Nod-Secret</c> of the upgrade request: authenticates without an auth frame.</param>
    /// <param name="queryAfter"><c>?after=</c> of the upgrade request (an auth frame's <c>after</c> wins).</param>
    public async Task RunAsync(string? headerAgentId, string? headerSecret, long? queryAfter)
    {
        _receivesSettled = false;
        if (!await AuthenticateAsync(headerAgentId, headerSecret, queryAfter).ConfigureAwait(false))
        {
            _receivesSettled = true;
            return;
        }

        Log.SocketConnected(_api.Logger, _agentId);
        _endedRegistration = _client!.Ended.UnsafeRegister(static state => ((AgentSocketSession)state!).OnEnded(), this);
        _stoppingRegistration = _api.Stopping.UnsafeRegister(
            static state => ((AgentSocketSession)state!).RequestClose(AgentCloseCodes.GoingAway, "Nod is shutting down"), this);

        // auth_ok is the first frame; the replay and live updates follow in seq order, replies in between.
        _outbox.Writer.TryWrite(AgentReplyFrames.AuthOk(_agentId, _client.DefaultConversationId!));
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
    public void Abort() => _lifetime.Abort();

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync().ConfigureAwait(false);

        // A receive still pending (only after a bug) writes into the buffer: then leave it to the GC.
        if (_receivesSettled)
        {
            _reader.Dispose();
        }

        _lifetime.Dispose();
    }

    /// <summary>Header auth or the first frame (within the auth timeout), then connects the agent.</summary>
    private async Task<bool> AuthenticateAsync(string? headerAgentId, string? headerSecret, long? queryAfter)
    {
        string secret;
        var after = queryAfter;
        if (headerSecret is not null)
        {
            if (headerAgentId is not null && !string.Equals(headerAgentId, _agentId, StringComparison.Ordinal))
            {
                await RefuseAsync(AgentCloseCodes.Forbidden, "X-Nod-Agent-Id does not match the agent id in the URL").ConfigureAwait(false);
                return false;
            }

            secret = headerSecret;
        }
        else
        {
            var first = _reader.ReceiveAsync(_socket, _lifetime.Aborted).AsTask();
            using (var timer = new CancellationTokenSource())
            {
                var deadline = Task.Delay(_api.Options.WebSocketAuthTimeout, _api.Time, timer.Token);
                if (await Task.WhenAny(first, deadline).ConfigureAwait(false) != first)
                {
                    var seconds = _api.Options.WebSocketAuthTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                    await RefuseAsync(AgentCloseCodes.AuthRequired, $"no auth frame within {seconds} s", first).ConfigureAwait(false);
                    return false;
                }

                await timer.CancelAsync().ConfigureAwait(false);
            }

            ReceivedKind kind;
            try
            {
                kind = await first.ConfigureAwait(false);
            }
            catch (Exception ex) when (IsDisconnect(ex))
            {
                Log.SocketAborted(_api.Logger, _agentId, ex);
                return false;
            }

            switch (kind)
            {
                case ReceivedKind.Close:
                    await SendCloseAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, string.Empty).ConfigureAwait(false);
                    return false;
                case ReceivedKind.TooLarge:
                    await RefuseAsync(AgentCloseCodes.TooBig, TooLargeReason()).ConfigureAwait(false);
                    return false;
                case ReceivedKind.Binary:
                    await RefuseAsync(AgentCloseCodes.AuthRequired, "the first frame must be a JSON text frame {\"type\":\"auth\",\"secret\":…}").ConfigureAwait(false);
                    return false;
            }

            var parsed = _api.Parser.Parse(_reader.Message.Span, allowAuth: true);
            if (parsed.Event is not AuthEvent auth)
            {
                var problem = parsed.Error ?? $"type is '{parsed.Event!.Type}'";
                await RefuseAsync(AgentCloseCodes.AuthRequired, $"the first frame must be an auth frame: {problem}").ConfigureAwait(false);
                return false;
            }

            if (auth.AgentId is not null && !string.Equals(auth.AgentId, _agentId, StringComparison.Ordinal))
            {
                await RefuseAsync(AgentCloseCodes.Forbidden, "agent_id of the auth frame does not match the agent id in the URL").ConfigureAwait(false);
                return false;
            }

            secret = auth.Secret!;
            after = auth.After ?? queryAfter;
        }

        if (secret.Length > MaxSecretLength)
        {
            await RefuseAsync(AgentCloseCodes.Forbidden, "the secret is wrong").ConfigureAwait(false);
            return false;
        }

        try
        {
            // Not cancellable: a connection the engine opened must be known here, or it could never be closed.
            _client = await _api.Factory.ConnectAgentAsync(_agentId, secret, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NodException ex)
        {
            var (status, reason) = ex.Kind switch
            {
                NodErrorKind.NotFound => (AgentCloseCodes.UnknownAgent, $"agent {_agentId} does not exist"),
                NodErrorKind.Unauthorized => (AgentCloseCodes.Forbidden, "the secret is wrong"),
                NodErrorKind.Unavailable => (AgentCloseCodes.GoingAway, "Nod is not running"),
                _ => (WebSocketCloseStatus.PolicyViolation, ex.Detail),
            };
            await RefuseAsync(status, reason).ConfigureAwait(false);
            return false;
        }

        // Without a resume position, start where the connection began: the runs it handed over (due or triggered while
        // the agent was away) are announced by the connect itself, before a subscription "from now" would start.
        _subscription = _client.SubscribeUpdates(after ?? _client.ConnectedAfterSeq);
        return true;
    }

    /// <summary>Reads frames until the peer closes (<see langword="true"/>) or the connection fails (<see langword="false"/>).</summary>
    private Task<bool> ReceiveLoopAsync() =>
        _lifetime.ReceiveUntilCloseAsync(_reader, HandleMessageAsync, ex => Log.SocketAborted(_api.Logger, _agentId, ex));

    private Task HandleMessageAsync(ReceivedKind kind)
    {
        switch (kind)
        {
            case ReceivedKind.TooLarge:
                RequestClose(AgentCloseCodes.TooBig, TooLargeReason());
                return Task.CompletedTask;
            case ReceivedKind.Binary:
                return HandleBinaryAsync();
            default:
                return HandleFrameAsync();
        }
    }

    /// <summary>One text frame: <c>ping</c> → <c>pong</c>; any other event → the engine, then <c>ack</c> (with <c>ref</c>) or <c>error</c>.</summary>
    private async Task HandleFrameAsync()
    {
        var parsed = _api.Parser.Parse(_reader.Message.Span);
        if (parsed.Event is PingEvent)
        {
            await ReplyAsync(AgentReplyFrames.Pong).ConfigureAwait(false);
            return;
        }

        if (!_api.RateLimiter.TryAcquire(_agentId, out _))
        {
            await ReplyAsync(AgentReplyFrames.Error(parsed.Ref, _api.RateLimiter.RefusalDetail)).ConfigureAwait(false);
            return;
        }

        if (parsed.Event is not { } agentEvent)
        {
            await ReplyAsync(AgentReplyFrames.Error(parsed.Ref, parsed.Error!)).ConfigureAwait(false);
            return;
        }

        ReadOnlyMemory<byte> reply;
        try
        {
            var result = await _client!.SendAsync(agentEvent, _lifetime.Aborted).ConfigureAwait(false);
            if (parsed.Ref is null)
            {
                return;
            }

            reply = AgentReplyFrames.Ack(parsed.Ref, result);
        }
        catch (NodException ex)
        {
            reply = AgentReplyFrames.Error(parsed.Ref, ex.Detail);
        }
        catch (OperationCanceledException) when (_lifetime.IsAborted)
        {
            return;
        }
        catch (ObjectDisposedException) when (_lifetime.IsStopping)
        {
            // The socket is closing and has already released its connection: a frame still arriving is not applied.
            return;
        }
#pragma warning disable CA1031 // A bug handling one frame must not end the socket (invariant 8).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.FrameFailed(_api.Logger, _agentId, ex);
            reply = AgentReplyFrames.Error(parsed.Ref, "internal error");
        }

        await ReplyAsync(reply).ConfigureAwait(false);
    }

    private async Task HandleBinaryAsync()
    {
        // Still counts against the rate limit; the ref is echoed when the bytes happen to be JSON with one.
        var reference = _api.Parser.Parse(_reader.Message.Span).Ref;
        var detail = _api.RateLimiter.TryAcquire(_agentId, out _)
            ? "binary frames are not accepted: send each event as a JSON text frame"
            : _api.RateLimiter.RefusalDetail;
        await ReplyAsync(AgentReplyFrames.Error(reference, detail)).ConfigureAwait(false);
    }

    private async Task ReplyAsync(ReadOnlyMemory<byte> frame)
    {
        try
        {
            await _outbox.Writer.WriteAsync(frame, _lifetime.Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Closing: replies no longer matter.
        }
    }

    /// <summary>The agent's updates → the outbox. Waits when the outbox is full; the subscription buffers or catches up.</summary>
    private async Task PumpAsync()
    {
        var subscription = _subscription!;
        try
        {
            while (await subscription.WaitToReadAsync(_lifetime.Stopping).ConfigureAwait(false))
            {
                while (subscription.TryRead(out var update))
                {
                    await _outbox.Writer.WriteAsync(update.Payload, _lifetime.Stopping).ConfigureAwait(false);
                }
            }

            // Nod ended the agent's stream: the agent was deleted.
            RequestClose(AgentCloseCodes.Forbidden, "the agent was deleted");
        }
        catch (OperationCanceledException) when (_lifetime.IsStopping)
        {
            // Closing or aborted.
        }
#pragma warning disable CA1031 // E.g. the store failing a catch-up read: close this socket, keep the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.SocketFailed(_api.Logger, _agentId, ex);
            RequestClose(WebSocketCloseStatus.InternalServerError, "internal error");
        }
    }

    /// <summary>The socket's only writer. On close: releases the connection first, then sends the close frame.</summary>
    private async Task SendLoopAsync()
    {
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_lifetime.Stopping).ConfigureAwait(false))
            {
                while (!_lifetime.IsStopping && reader.TryRead(out var frame))
                {
                    await SendFrameAsync(frame).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsStopping)
        {
            // Closing or aborted.
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            Abort();
            return;
        }

        if (_lifetime.IsAborted || !_lifetime.IsClosing)
        {
            return;
        }

        // Released before the close frame goes out: a peer that sees its close knows the connection is gone (the agent
        // is offline and its bubbles cleared, if it was its last one).
        await ReleaseAsync().ConfigureAwait(false);
        Log.SocketClosing(_api.Logger, _agentId, _lifetime.CloseStatus, _lifetime.CloseReason);
        await SendCloseAsync(_lifetime.CloseStatus, _lifetime.CloseReason).ConfigureAwait(false);
    }

    private async Task SendFrameAsync(ReadOnlyMemory<byte> frame)
    {
        var pending = _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            return;
        }

        await _lifetime.WithinIdleTimeoutAsync(pending.AsTask()).ConfigureAwait(false);
    }

    /// <summary>Refuses the connection during authentication: close frame, then wait (briefly) for the peer's.</summary>
    private async Task RefuseAsync(WebSocketCloseStatus status, string reason, Task<ReceivedKind>? pendingReceive = null)
    {
        Log.SocketRefused(_api.Logger, _agentId, status, reason);
        if (!await SendCloseAsync(status, reason).ConfigureAwait(false))
        {
            if (pendingReceive is not null)
            {
                await IgnoreFailureAsync(pendingReceive).ConfigureAwait(false);
            }

            return;
        }

        try
        {
            var kind = pendingReceive is null
                ? await _reader.ReceiveAsync(_socket, _lifetime.Aborted).ConfigureAwait(false)
                : await pendingReceive.ConfigureAwait(false);
            while (kind != ReceivedKind.Close)
            {
                kind = await _reader.ReceiveAsync(_socket, _lifetime.Aborted).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            // The peer left without answering (or the close timeout dropped it).
        }
    }

    private Task<bool> SendCloseAsync(WebSocketCloseStatus status, string reason) => _lifetime.SendCloseAsync(status, reason);

    private void RequestClose(WebSocketCloseStatus status, string reason) => _lifetime.RequestClose(status, reason);

    private void OnEnded()
    {
        var reason = _client?.EndReason;
        if (reason == ConnectionEndReason.ShuttingDown)
        {
            RequestClose(AgentCloseCodes.GoingAway, "Nod is shutting down");
        }
        else
        {
            RequestClose(AgentCloseCodes.Forbidden, reason == ConnectionEndReason.AgentDeleted ? "the agent was deleted" : "the agent's secret was rotated");
        }
    }

    /// <summary>Ends the agent's connection once: stops its updates and disconnects it (offline when it was the last).</summary>
    private async Task ReleaseAsync()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        await _endedRegistration.DisposeAsync().ConfigureAwait(false);
        await _stoppingRegistration.DisposeAsync().ConfigureAwait(false);
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
        }

        if (_client is not null)
        {
            try
            {
                await _client.DisposeAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The socket is over either way; the failure is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ReleaseFailed(_api.Logger, _agentId, ex);
            }
        }
    }

    private string TooLargeReason() =>
        string.Create(CultureInfo.InvariantCulture, $"message larger than {_api.Options.MaxWebSocketMessageSize} bytes");

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            // The connection is gone.
        }
    }

    private static bool IsDisconnect(Exception ex) => WebSocketLifetime.IsDisconnect(ex);
}
