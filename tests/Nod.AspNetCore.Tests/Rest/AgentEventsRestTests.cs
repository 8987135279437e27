using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;

namespace Nod.AspNetCore.Tests.Rest;

/// <summary><c>POST /api/agent/events</c>: every §3 type, auth, idempotency and every error status with its detail.</summary>
public sealed class AgentEventsRestTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private NodWebHost Host => shared.Host;

    [Theory]
    [MemberData(nameof(EventSamples.Valid), MemberType = typeof(EventSamples))]
    public async Task PostEvent_EveryEventType_AnswersOkWithTheIdsOfTheSpec(string name, string json, string? idField, string? idPrefix)
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.PostEventAsync(agent, json);

        Assert.True(status == 200, $"{name}: {status} {body}");
        Assert.Equal("ok", body.GetProperty("status").GetString());
        var fields = body.EnumerateObject().Select(p => p.Name).ToList();
        if (idField is null)
        {
            Assert.Equal(["status"], fields);
        }
        else
        {
            Assert.Equal(["status", idField], fields);
            Assert.StartsWith(idPrefix!, body.GetProperty(idField).GetString());
        }
    }

    [Fact]
    public async Task PostEvent_Message_ReachesTheUsersConversation()
    {
        var (user, agent) = await Host.CreateAgentAsync();

        var (_, body) = await Host.PostEventAsync(agent, """{"type":"message","text":"Hello **there**","report_title":"Report"}""");

        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        var message = (await user.GetMessagesAsync(conversation.Id).Within()).Items.Single();
        Assert.Equal(body.GetProperty("message_id").GetString(), message.Id);
        Assert.Equal("Hello **there**", message.Text);
        Assert.Equal("Report", message.ReportTitle);
        Assert.Equal(MessageSender.Agent, message.Sender);
    }

    [Fact]
    public async Task PostEvent_RestCall_DoesNotBringTheAgentOnline()
    {
        var (user, agent) = await Host.CreateAgentAsync();

        await Host.PostEventAsync(agent, """{"type":"alert","title":"x"}""");

        Assert.False((await user.GetAgentAsync(agent.AgentId).Within()).Online);
    }

    [Fact]
    public async Task PostEvent_SameIdempotencyKey_ReturnsTheFirstResponseAndCreatesNothingNew()
    {
        var (user, agent) = await Host.CreateAgentAsync();

        var first = await Host.PostEventAsync(agent, """{"type":"message","text":"once"}""", idempotencyKey: "k-1");
        var again = await Host.PostEventAsync(agent, """{"type":"message","text":"once"}""", idempotencyKey: "k-1");
        var other = await Host.PostEventAsync(agent, """{"type":"message","text":"twice"}""", idempotencyKey: "k-2");

        Assert.Equal(200, again.Status);
        Assert.Equal(first.Body.GetProperty("message_id").GetString(), again.Body.GetProperty("message_id").GetString());
        Assert.NotEqual(first.Body.GetProperty("message_id").GetString(), other.Body.GetProperty("message_id").GetString());
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        Assert.Equal(2, (await user.GetMessagesAsync(conversation.Id).Within()).Items.Count);
    }

    [Fact]
    public async Task PostEvent_EmptyIdempotencyKey_Returns400NamingTheHeader()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.PostEventAsync(agent, """{"type":"message","text":"x"}""", idempotencyKey: "");

        Assert.Equal(400, status);
        Assert.Contains("Idempotency-Key", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostEvent_NoCredentials_Returns401NamingTheHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/agent/events")
        {
            Content = new StringContent("""{"type":"message","text":"x"}""", Encoding.UTF8, "application/json"),
        };

        var (status, body) = await Host.SendAsync(request);

        Assert.Equal(401, status);
        Assert.Contains("X-Nod-Agent-Id", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostEvent_MissingSecret_Returns401NamingTheHeader()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var request = NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/events", """{"type":"message","text":"x"}""");
        request.Headers.Remove("X-Nod-Secret");

        var (status, body) = await Host.SendAsync(request);

        Assert.Equal(401, status);
        Assert.Contains("X-Nod-Secret", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostEvent_SecretGivenTwice_Returns401SayingSo()
    {
        // Two header lines (HttpClient would join the values into one line): a raw request.
        var (_, agent) = await Host.CreateAgentAsync();
        const string Body = """{"type":"message","text":"x"}""";
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Host.BaseAddress.Port).Within();
        var stream = tcp.GetStream();
        var request = $"POST /api/agent/events HTTP/1.1\r\nHost: {Host.BaseAddress.Authority}\r\nConnection: close\r\n" +
                      $"X-Nod-Agent-Id: {agent.AgentId}\r\nX-Nod-Secret: {agent.Secret}\r\nX-Nod-Secret: {agent.Secret}\r\n" +
                      $"Content-Type: application/json\r\nContent-Length: {Body.Length}\r\n\r\n{Body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request)).AsTask().Within();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().Within();

        Assert.StartsWith("HTTP/1.1 401", response, StringComparison.Ordinal);
        Assert.Contains("X-Nod-Secret header is given more than once", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostEvent_WrongSecretOrUnknownAgent_Returns401()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var wrongSecret = await Host.PostEventAsync(agent with { Secret = "nod_" + new string('0', 40) }, """{"type":"message","text":"x"}""");
        var unknownAgent = await Host.PostEventAsync(agent with { AgentId = "agt_0000000000000000" }, """{"type":"message","text":"x"}""");

        Assert.Equal(401, wrongSecret.Status);
        Assert.Equal(401, unknownAgent.Status);
        Assert.Equal(wrongSecret.Body.GetProperty("detail").GetString(), unknownAgent.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostEvent_ApprovalOnlyAgentSendsMessage_Returns403()
    {
        var (_, agent) = await Host.CreateAgentAsync(AgentType.ApprovalOnly);

        var (status, body) = await Host.PostEventAsync(agent, """{"type":"message","text":"hi"}""");
        var decision = await Host.PostEventAsync(agent, """{"type":"decision","title":"t","description":"d","kind":"approval"}""");

        Assert.Equal(403, status);
        Assert.Contains("approval-only", body.GetProperty("detail").GetString());
        Assert.Equal(200, decision.Status);
    }

    [Fact]
    public async Task PostEvent_UnknownConversation_Returns404NamingTheId()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.PostEventAsync(agent, """{"type":"message","text":"x","conversation_id":"conv_0000000000000000"}""");

        Assert.Equal(404, status);
        Assert.Contains("conv_0000000000000000", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostEvent_OtherAgentsConversation_Returns404()
    {
        var (user, mine) = await Host.CreateAgentAsync();
        var (_, theirs) = await Host.CreateAgentAsync();
        var conversation = await user.CreateConversationAsync(mine.AgentId).Within();

        var (status, _) = await Host.PostEventAsync(theirs, $$"""{"type":"message","text":"x","conversation_id":"{{conversation.Id}}"}""");

        Assert.Equal(404, status);
    }

    [Theory]
    [MemberData(nameof(EventSamples.Invalid), MemberType = typeof(EventSamples))]
    public async Task PostEvent_InvalidBody_Returns400WithADetailNamingTheProblem(string name, string json, string expectedInDetail)
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.PostEventAsync(agent, json);

        Assert.True(status == 400, $"{name}: {status} {body}");
        Assert.Contains(expectedInDetail, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostEvent_Ping_Returns400BecauseItIsWebSocketOnly()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.PostEventAsync(agent, """{"type":"ping"}""");

        Assert.Equal(400, status);
        Assert.Contains("ping", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostEvent_Auth_Returns400BecauseItIsTheFirstWebSocketFrameOnly()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.PostEventAsync(agent, $$"""{"type":"auth","secret":"{{agent.Secret}}"}""");

        Assert.Equal(400, status);
        Assert.Contains("auth", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0xC0, 0xFF }, "UTF-8")]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'{', (byte)'}' }, "UTF-8")]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'t', (byte)'y', (byte)'p', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"', (byte)'}' }, "UTF-8")]
    [InlineData(new byte[] { (byte)'n', (byte)'o', (byte)'p', (byte)'e' }, "JSON")]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'t' }, "JSON")]
    [InlineData(new byte[0], "JSON")]
    public async Task PostEvent_GarbageBytes_Returns400(byte[] bytes, string expectedInDetail)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var request = NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/events");
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var (status, body) = await Host.SendAsync(request);

        Assert.Equal(400, status);
        Assert.Contains(expectedInDetail, body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task PostEvent_ContentTypeNotJson_Returns415(string contentType)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var request = NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/events");
        request.Content = new ByteArrayContent("""{"type":"message","text":"x"}"""u8.ToArray());
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var (status, body) = await Host.SendAsync(request);

        Assert.Equal(415, status);
        Assert.Contains("Content-Type", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/vnd.nod+json")]
    [InlineData(null)]
    public async Task PostEvent_JsonOrNoContentType_IsAccepted(string? contentType)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var request = NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/events");
        request.Content = new ByteArrayContent("""{"type":"alert","title":"x"}"""u8.ToArray());
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var (status, _) = await Host.SendAsync(request);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task PostEvent_ContentLengthOverTheLimit_Returns413()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var big = new byte[NodHttpOptions.DefaultMaxRequestBodySize + 1];
        big.AsSpan().Fill((byte)' ');
        var request = NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/events");
        request.Content = new ByteArrayContent(big);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var (status, body) = await Host.SendAsync(request);

        Assert.Equal(413, status);
        Assert.Contains("larger than", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostEvent_ImageOfTheMaximumSize_FitsTheDefaultBodyLimit()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var png = new byte[NodLimits.DefaultMaxImageBytes];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);

        var (status, body) = await Host.PostEventAsync(agent, $$"""{"type":"message","image_base64":"data:image/png;base64,{{Convert.ToBase64String(png)}}"}""");

        Assert.Equal(200, status);
        Assert.StartsWith("msg_", body.GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task PostEvent_ChunkedBodyOverTheLimit_Returns413()
    {
        await using var host = await NodWebHost.StartAsync(http: o => o.MaxRequestBodySize = 1000);
        var (_, agent) = await host.CreateAgentAsync();
        var request = NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/events");
        var text = new string('a', 2000);
        request.Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes($$"""{"type":"message","text":"{{text}}"}""")));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        var (status, _) = await host.SendAsync(request);
        var small = await host.PostEventAsync(agent, """{"type":"message","text":"fits"}""");

        Assert.Equal(413, status);
        Assert.Equal(200, small.Status);
    }

    [Fact]
    public async Task PostEvent_ChunkedInSmallChunksUnderTheLimit_IsAccepted()
    {
        // The limit is on the body, not on the chunk framing around it (here half again as many bytes on the wire).
        await using var host = await NodWebHost.StartAsync(http: o => o.MaxRequestBodySize = 1000);
        var (_, agent) = await host.CreateAgentAsync();
        var request = NodWebHost.AgentRequest(agent, HttpMethod.Post, "api/agent/events");
        var json = $$"""{"type":"message","text":"{{new string('a', 950)}}"}""";
        request.Content = new StreamContent(new TrickleStream(Encoding.UTF8.GetBytes(json), chunkSize: 10));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        var (status, body) = await host.SendAsync(request);

        Assert.Equal(200, status);
        Assert.StartsWith("msg_", body.GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task PostEvent_BodyJustUnderTheLimit_IsAccepted()
    {
        await using var host = await NodWebHost.StartAsync(http: o => o.MaxRequestBodySize = 1000);
        var (_, agent) = await host.CreateAgentAsync();
        var prefix = """{"type":"message","text":""";
        var json = prefix + "\"" + new string('a', 1000 - prefix.Length - 3) + "\"}";
        Assert.Equal(1000, Encoding.UTF8.GetByteCount(json));

        var (status, _) = await host.PostEventAsync(agent, json);
        var (overStatus, _) = await host.PostEventAsync(agent, json.Insert(json.Length - 2, "a"));

        Assert.Equal(200, status);
        Assert.Equal(413, overStatus);
    }

    [Fact]
    public async Task Events_GetInsteadOfPost_Returns405WithDetail()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        using var response = await Host.Http.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Get, "api/agent/events")).Within();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Contains("detail", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AgentSocket_OtherMethodOrPath_405Or404WithDetail()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        using var post = await Host.Http.PostAsync($"ws/agent/{agent.AgentId}", new StringContent("{}")).Within();
        using var deeper = await Host.Http.GetAsync($"ws/agent/{agent.AgentId}/more").Within();
        using var plainGet = await Host.Http.GetAsync($"ws/agent/{agent.AgentId}").Within();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Contains("GET", post.Content.Headers.Allow);
        Assert.Contains("only accepts GET", await post.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, deeper.StatusCode);
        Assert.Contains("detail", await deeper.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, plainGet.StatusCode);
        Assert.Contains("WebSocket upgrade", await plainGet.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AgentApi_UnknownPath_Returns404WithDetail()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.GetAsync(agent, "api/agent/no-such-thing");

        Assert.Equal(404, status);
        Assert.Contains("no-such-thing", body.GetProperty("detail").GetString());
    }

    /// <summary>Forces HttpClient to send a body without Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    /// <summary>Hands out at most <paramref name="chunkSize"/> bytes per read: the client sends each read as one chunk.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunkSize) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunkSize));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunkSize)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunkSize)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunkSize), cancellationToken);
    }
}
