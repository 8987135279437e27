using System.Net.WebSockets;
using System.Text;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;

namespace Nod.AspNetCore.Tests.WebSockets;

/// <summary>Client frames over the agent WebSocket (PROTOCOL §3): <c>ack</c> / <c>error</c> with <c>ref</c>, <c>ping</c>, bad frames keep the socket open.</summary>
public sealed class SocketFramesTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private NodWebHost Host => shared.Host;

    [Theory]
    [MemberData(nameof(EventSamples.Valid), MemberType = typeof(EventSamples))]
    public async Task Frame_EveryEventTypeWithRef_IsAckedWithTheRestResponseFields(string name, string json, string? idField, string? idPrefix)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        var ack = await socket.RequestAsync(json, "r-1");

        Assert.True(ack.GetProperty("type").GetString() == "ack", $"{name}: {ack}");
        Assert.Equal("r-1", ack.GetProperty("ref").GetString());
        Assert.Equal("ok", ack.GetProperty("status").GetString());
        var fields = ack.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(idField is null ? ["type", "ref", "status"] : ["type", "ref", "status", idField], fields);
        if (idField is not null)
        {
            Assert.StartsWith(idPrefix!, ack.GetProperty(idField).GetString());
        }
    }

    [Fact]
    public async Task Frame_WithoutRef_IsAppliedWithoutAReply()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        await socket.SendTextAsync("""{"type":"message","text":"no ref"}""");
        await socket.SendTextAsync("""{"type":"ping"}""");

        // Frames are handled in order: the pong proves the message was handled and got no reply.
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        Assert.Equal("no ref", (await user.GetMessagesAsync(conversation.Id).Within()).Items.Single().Text);
    }

    [Fact]
    public async Task Frame_Ping_IsAnsweredWithPong()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        await socket.SendTextAsync("""{"type":"ping"}""");

        var pong = await socket.ReceiveAsync();
        Assert.Equal("""{"type":"pong"}""", pong.GetRawText());
    }

    [Theory]
    [MemberData(nameof(EventSamples.Invalid), MemberType = typeof(EventSamples))]
    public async Task Frame_Invalid_GetsAnErrorFrameAndTheSocketStaysOpen(string name, string json, string expectedInDetail)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        await socket.SendTextAsync(json);
        var error = await socket.ReceiveAsync();
        var ack = await socket.RequestAsync("""{"type":"alert","title":"still here"}""", "after");

        Assert.True(error.GetProperty("type").GetString() == "error", $"{name}: {error}");
        Assert.Contains(expectedInDetail, error.GetProperty("detail").GetString());
        Assert.Equal("ack", ack.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Frame_InvalidWithRef_TheErrorCarriesTheRef()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        var error = await socket.RequestAsync("""{"type":"message"}""", "r-7");

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("r-7", error.GetProperty("ref").GetString());
        Assert.Contains("text", error.GetProperty("detail").GetString());
        Assert.Equal(["type", "ref", "detail"], error.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("{\"type\":")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Frame_GarbageText_GetsAnErrorFrameAndTheSocketStaysOpen(string text)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        await socket.SendTextAsync(text);
        var error = await socket.ReceiveAsync();
        await socket.SendTextAsync("""{"type":"ping"}""");

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x01 })]
    [InlineData(new byte[] { (byte)'{', (byte)'}' })]
    public async Task Frame_Binary_GetsAnErrorFrameAndTheSocketStaysOpen(byte[] bytes)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        await socket.SendBytesAsync(bytes, WebSocketMessageType.Binary);
        var error = await socket.ReceiveAsync();
        await socket.SendTextAsync("""{"type":"ping"}""");

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Contains("binary", error.GetProperty("detail").GetString());
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Frame_BinaryJsonWithRef_TheErrorEchoesTheRef()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        await socket.SendBytesAsync("""{"type":"alert","title":"x","ref":"b-1"}"""u8.ToArray(), WebSocketMessageType.Binary);
        var error = await socket.ReceiveAsync();

        Assert.Equal("b-1", error.GetProperty("ref").GetString());
    }

    [Fact]
    public async Task Frame_BrokenJsonAfterItsRef_TheErrorEchoesTheRef()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        await socket.SendTextAsync("""{"type":"alert","title":"x","ref":"trail-1"} and then some""");
        var error = await socket.ReceiveAsync();

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("trail-1", error.GetProperty("ref").GetString());
        Assert.Contains("not valid JSON", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Frame_TextWithInvalidUtf8_FailsOnlyThatConnection()
    {
        // RFC 6455 §8.1: a text frame must be valid UTF-8; the WebSocket layer fails the connection (close 1007, then
        // the connection drops) before Nod sees the frame. Bytes that are not UTF-8 belong in a binary frame, which
        // gets an error frame instead. The agent and its other connections carry on.
        var (user, agent) = await Host.CreateAgentAsync();
        await using var other = await Host.ConnectAsync(agent);
        var socket = await Host.ConnectAsync(agent);

        await socket.SendBytesAsync([(byte)'{', 0xFF, 0xFE, (byte)'}'], WebSocketMessageType.Text);
        try
        {
            var (status, _) = await socket.ReceiveCloseAsync();
            Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, status);
        }
        catch (WebSocketException)
        {
            // The close frame raced the connection reset: the connection failed either way.
        }

        socket.Socket.Dispose();
        Assert.Equal("ack", (await other.RequestAsync("""{"type":"alert","title":"fine"}""", "x")).GetProperty("type").GetString());
        Assert.True((await user.GetAgentAsync(agent.AgentId).Within()).Online);
    }

    [Fact]
    public async Task Frame_AuthAfterAuthenticating_GetsAnErrorFrame()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        var error = await socket.RequestAsync($$"""{"type":"auth","secret":"{{agent.Secret}}"}""", "again");

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Contains("first WebSocket frame", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Frame_ApprovalOnlyAgentSendsMessage_GetsTheForbiddenDetail()
    {
        var (_, agent) = await Host.CreateAgentAsync(AgentType.ApprovalOnly);
        await using var socket = await Host.ConnectAsync(agent);

        var error = await socket.RequestAsync("""{"type":"message","text":"hi"}""", "m");

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Contains("approval-only", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Frame_UnknownConversation_GetsAnErrorNamingTheId()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        var error = await socket.RequestAsync("""{"type":"processing_start","conversation_id":"conv_0000000000000000"}""", "p");

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Contains("conv_0000000000000000", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Frame_OverTheSizeLimit_ClosesWith1009()
    {
        await using var host = await NodWebHost.StartAsync(http: o => o.MaxWebSocketMessageSize = 4096);
        var (_, agent) = await host.CreateAgentAsync();
        await using var socket = await host.ConnectAsync(agent);

        await socket.SendTextAsync($$"""{"type":"message","text":"{{new string('a', 100_000)}}"}""");
        var (status, reason) = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        Assert.Contains("4096", reason);
    }

    [Fact]
    public async Task Frame_AtTheSizeLimit_IsAccepted()
    {
        await using var host = await NodWebHost.StartAsync(http: o => o.MaxWebSocketMessageSize = 4096);
        var (_, agent) = await host.CreateAgentAsync();
        await using var socket = await host.ConnectAsync(agent);
        var prefix = """{"type":"message","ref":"big","text":""";
        var frame = prefix + "\"" + new string('a', 4096 - prefix.Length - 3) + "\"}";
        Assert.Equal(4096, Encoding.UTF8.GetByteCount(frame));

        await socket.SendTextAsync(frame);

        Assert.Equal("ack", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Frame_DefaultLimit_AcceptsAFiveMegabyteImage()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);
        var png = new byte[NodLimits.DefaultMaxImageBytes];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);

        var ack = await socket.RequestAsync($$"""{"type":"message","image_base64":"{{Convert.ToBase64String(png)}}"}""", "img");

        Assert.Equal("ack", ack.GetProperty("type").GetString());
    }
}
