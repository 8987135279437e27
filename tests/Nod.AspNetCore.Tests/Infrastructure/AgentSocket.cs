using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Nod.AspNetCore.Tests.Infrastructure;

/// <summary>A test agent's <see cref="ClientWebSocket"/>: JSON frames in and out, every receive bounded by a timeout.</summary>
public sealed class AgentSocket : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];

    private AgentSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    /// <summary>Opens a socket.</summary>
    /// <param name="uri">The agent's WebSocket URL.</param>
    /// <param name="configure">Headers, keep-alive, …</param>
    /// <param name="receiveBufferSize">
    /// A fixed, small TCP receive buffer (no auto-tuning), so that a client that stops reading pushes back on the server
    /// quickly instead of letting the kernel absorb megabytes.
    /// </param>
    public static async Task<AgentSocket> ConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null, int? receiveBufferSize = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        if (receiveBufferSize is { } size)
        {
            using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = size };
                    try
                    {
                        await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken);
                        return new NetworkStream(tcp, ownsSocket: true);
                    }
                    catch
                    {
                        tcp.Dispose();
                        throw;
                    }
                },
            });
            await socket.ConnectAsync(uri, invoker, TestTimeouts.Token());
        }
        else
        {
            await socket.ConnectAsync(uri, TestTimeouts.Token());
        }

        return new AgentSocket(socket);
    }

    /// <summary>Sends the auth frame and returns the server's answer (<c>auth_ok</c>).</summary>
    public async Task<JsonElement> AuthenticateAsync(string secret, long? after = null, string? agentId = null)
    {
        var frame = new Dictionary<string, object?> { ["type"] = "auth", ["secret"] = secret };
        if (after is not null)
        {
            frame["after"] = after;
        }

        if (agentId is not null)
        {
            frame["agent_id"] = agentId;
        }

        await SendTextAsync(JsonSerializer.Serialize(frame));
        return await ReceiveAsync();
    }

    public Task SendTextAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type) =>
        await Socket.SendAsync(bytes, type, endOfMessage: true, TestTimeouts.Token());

    /// <summary>Sends an event with a <c>ref</c> and returns the reply (<c>ack</c> or <c>error</c>), skipping pushed updates.</summary>
    public async Task<JsonElement> RequestAsync(string json, string reference)
    {
        var withRef = json.TrimEnd()[..^1] + $",\"ref\":\"{reference}\"}}";
        await SendTextAsync(withRef);
        while (true)
        {
            var reply = await ReceiveAsync();
            if (reply.TryGetProperty("ref", out var r) && r.GetString() == reference)
            {
                return reply;
            }
        }
    }

    /// <summary>The next frame, as JSON; fails if the server closes instead.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var (type, text) = await ReceiveMessageAsync();
        if (type == WebSocketMessageType.Close)
        {
            throw new InvalidOperationException($"The server closed the socket: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The next frame of <paramref name="type"/>, skipping others.</summary>
    public async Task<JsonElement> ReceiveAsync(string type)
    {
        while (true)
        {
            var frame = await ReceiveAsync();
            if (frame.GetProperty("type").GetString() == type)
            {
                return frame;
            }
        }
    }

    /// <summary>Reads (and drops) frames until the server's close frame; returns its status and reason.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> ReceiveCloseAsync()
    {
        while (true)
        {
            var (type, _) = await ReceiveMessageAsync();
            if (type == WebSocketMessageType.Close)
            {
                return (Socket.CloseStatus, Socket.CloseStatusDescription);
            }
        }
    }

    /// <summary>Client-initiated close handshake; returns once the server answered.</summary>
    public Task CloseAsync() => Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", TestTimeouts.Token());

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeouts.Token());
            }
            catch (WebSocketException)
            {
                // The server is gone already.
            }
        }

        Socket.Dispose();
    }

    private async Task<(WebSocketMessageType Type, string Text)> ReceiveMessageAsync()
    {
        using var message = new MemoryStream();
        var token = TestTimeouts.Token();
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer, token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, string.Empty);
            }

            message.Write(_buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                Assert.Equal(WebSocketMessageType.Text, result.MessageType);
                return (result.MessageType, Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
            }
        }
    }
}
