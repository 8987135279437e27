using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests.WebSockets;

/// <summary>Agent WebSocket authentication (PROTOCOL §2): the auth frame or headers, <c>auth_ok</c>, close codes 4001/4003/4004.</summary>
public sealed class SocketAuthTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private NodWebHost Host => shared.Host;

    [Fact]
    public async Task Auth_ValidFrame_RepliesAuthOkWithTheDefaultConversation()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId));

        var authOk = await socket.AuthenticateAsync(agent.Secret);

        Assert.Equal("auth_ok", authOk.GetProperty("type").GetString());
        Assert.Equal(agent.AgentId, authOk.GetProperty("agent_id").GetString());
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        Assert.Equal(conversation.Id, authOk.GetProperty("conversation_id").GetString());
        Assert.Equal(["type", "agent_id", "conversation_id"], authOk.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Auth_FrameWithMatchingAgentId_RepliesAuthOk()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId));

        var authOk = await socket.AuthenticateAsync(agent.Secret, agentId: agent.AgentId);

        Assert.Equal("auth_ok", authOk.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Auth_HeadersOnTheUpgrade_RepliesAuthOkWithoutAFrame()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId), o =>
        {
            o.SetRequestHeader("X-Nod-Agent-Id", agent.AgentId);
            o.SetRequestHeader("X-Nod-Secret", agent.Secret);
        });

        var authOk = await socket.ReceiveAsync();
        await socket.SendTextAsync("""{"type":"ping"}""");

        Assert.Equal("auth_ok", authOk.GetProperty("type").GetString());
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Auth_HeadersWithWrongSecret_Closes4003()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId), o => o.SetRequestHeader("X-Nod-Secret", "nod_wrong"));

        var (status, _) = await socket.ReceiveCloseAsync();

        Assert.Equal(4003, (int)status!);
    }

    [Fact]
    public async Task Auth_HeaderAgentIdDiffersFromThePath_Closes4003()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var (_, other) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId), o =>
        {
            o.SetRequestHeader("X-Nod-Agent-Id", other.AgentId);
            o.SetRequestHeader("X-Nod-Secret", agent.Secret);
        });

        var (status, _) = await socket.ReceiveCloseAsync();

        Assert.Equal(4003, (int)status!);
    }

    [Fact]
    public async Task Auth_WrongSecret_Closes4003()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId));

        await socket.SendTextAsync("""{"type":"auth","secret":"nod_0000000000000000000000000000000000000000"}""");
        var (status, reason) = await socket.ReceiveCloseAsync();

        Assert.Equal(4003, (int)status!);
        Assert.Contains("secret", reason);
    }

    [Fact]
    public async Task Auth_AgentIdInTheFrameDiffersFromThePath_Closes4003()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var (_, other) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId));

        await socket.SendTextAsync($$"""{"type":"auth","secret":"{{agent.Secret}}","agent_id":"{{other.AgentId}}"}""");
        var (status, reason) = await socket.ReceiveCloseAsync();

        Assert.Equal(4003, (int)status!);
        Assert.Contains("agent_id", reason);
    }

    [Theory]
    [InlineData("secret", 101)]
    [InlineData("secret", 5000)]
    [InlineData("agent_id", 0)]
    [InlineData("agent_id", 101)]
    public async Task Auth_SecretOrAgentIdOfAnyOtherLength_Closes4003(string field, int length)
    {
        // Not a malformed frame: a secret or agent id that cannot match is a wrong one (PROTOCOL §2).
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId));
        var value = new string('x', length);

        await socket.SendTextAsync(field == "secret"
            ? $$"""{"type":"auth","secret":"{{value}}"}"""
            : $$"""{"type":"auth","secret":"{{agent.Secret}}","agent_id":"{{value}}"}""");
        var (status, reason) = await socket.ReceiveCloseAsync();

        Assert.Equal(4003, (int)status!);
        Assert.Contains(field, reason);
    }

    [Fact]
    public async Task Upgrade_SecretHeaderGivenTwice_Refused401BeforeTheUpgrade()
    {
        // Two header lines (a client library would join the values into one line): a raw request.
        var (_, agent) = await Host.CreateAgentAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Host.BaseAddress.Port).Within();
        var stream = tcp.GetStream();
        var handshake = $"GET /ws/agent/{agent.AgentId} HTTP/1.1\r\nHost: {Host.BaseAddress.Authority}\r\nUpgrade: websocket\r\n" +
                        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
                        $"X-Nod-Secret: {agent.Secret}\r\nX-Nod-Secret: {agent.Secret}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(handshake)).AsTask().Within();
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).AsTask().Within();
        var response = Encoding.UTF8.GetString(buffer, 0, read);

        Assert.StartsWith("HTTP/1.1 401", response, StringComparison.Ordinal);
        Assert.Contains("X-Nod-Secret header is given more than once", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_UnknownAgent_Closes4004()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri("agt_0000000000000000"));

        await socket.SendTextAsync($$"""{"type":"auth","secret":"{{agent.Secret}}"}""");
        var (status, _) = await socket.ReceiveCloseAsync();

        Assert.Equal(4004, (int)status!);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("[1,2,3]")]
    [InlineData("\"auth\"")]
    [InlineData("{}")]
    [InlineData("""{"type":"message","text":"hello"}""")]
    [InlineData("""{"type":"ping"}""")]
    [InlineData("""{"type":"auth"}""")]
    [InlineData("""{"type":"auth","secret":5}""")]
    [InlineData("""{"type":"auth","secret":"nod_x","after":-1}""")]
    [InlineData("""{"type":"auth","secret":"nod_x","after":"soon"}""")]
    [InlineData("""{"type":"auth","secret":"nod_x"} trailing""")]
    public async Task Auth_FirstFrameNotAValidAuthFrame_Closes4001(string frame)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId));

        await socket.SendTextAsync(frame);
        var (status, reason) = await socket.ReceiveCloseAsync();

        Assert.Equal(4001, (int)status!);
        Assert.Contains("auth", reason);
    }

    [Fact]
    public async Task Auth_FirstFrameBinary_Closes4001()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId));

        await socket.SendBytesAsync(Encoding.UTF8.GetBytes($$"""{"type":"auth","secret":"{{agent.Secret}}"}"""), WebSocketMessageType.Binary);
        var (status, _) = await socket.ReceiveCloseAsync();

        Assert.Equal(4001, (int)status!);
    }

    [Fact]
    public async Task Auth_NoFrameWithinTheAuthTimeout_Closes4001()
    {
        await using var host = await NodWebHost.StartAsync(http: o => o.WebSocketAuthTimeout = TimeSpan.FromMilliseconds(200));
        var (_, agent) = await host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(host.SocketUri(agent.AgentId));

        var (status, reason) = await socket.ReceiveCloseAsync();

        Assert.Equal(4001, (int)status!);
        Assert.Contains("no auth frame", reason);
    }

    [Fact]
    public async Task Auth_FirstFrameOverTheSizeLimit_Closes1009()
    {
        await using var host = await NodWebHost.StartAsync(http: o => o.MaxWebSocketMessageSize = 1024);
        var (_, agent) = await host.CreateAgentAsync();
        await using var socket = await AgentSocket.ConnectAsync(host.SocketUri(agent.AgentId));

        await socket.SendTextAsync($$"""{"type":"auth","secret":"{{new string('x', 2000)}}"}""");
        var (status, _) = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
    }

    [Fact]
    public async Task Upgrade_WebSocketOverHttp2_Works()
    {
        await using var host = await NodWebHost.StartAsync(configure: b =>
            b.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2)));
        var (_, agent) = await host.CreateAgentAsync();
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.CollectHttpResponseDetails = true;
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());

        await socket.ConnectAsync(host.SocketUri(agent.AgentId), invoker, TestTimeouts.Token());
        await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"type":"auth","secret":"{{agent.Secret}}"}"""), WebSocketMessageType.Text, true, TestTimeouts.Token());
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, TestTimeouts.Token());

        // HTTP/2 (extended CONNECT) answers 200 where an HTTP/1.1 upgrade answers 101.
        Assert.Equal(HttpStatusCode.OK, socket.HttpStatusCode);
        Assert.Contains("auth_ok", Encoding.UTF8.GetString(buffer, 0, received.Count));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeouts.Token());
    }

    [Fact]
    public async Task Upgrade_PlainHttpRequest_Returns400WithDetail()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"ws/agent/{agent.AgentId}"));

        Assert.Equal(400, status);
        Assert.Contains("WebSocket", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upgrade_MalformedAfterQuery_IsRefusedWith400BeforeTheUpgrade()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Host.SocketUri(agent.AgentId, "after=abc"), TestTimeouts.Token()));

        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Auth_ClientClosesBeforeAuthenticating_ServerAnswersTheClose()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId));

        await socket.CloseAsync().Within();

        Assert.Equal(WebSocketState.Closed, socket.Socket.State);
        Assert.False((await user.GetAgentAsync(agent.AgentId).Within()).Online);
        socket.Socket.Dispose();
    }
}
