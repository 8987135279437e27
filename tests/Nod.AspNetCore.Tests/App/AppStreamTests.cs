using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.AspNetCore.Tests.App;

/// <summary>
/// The live stream <c>/ws/app</c> (PROTOCOL §7): snapshot first, every visible event exactly once (the stored bytes, as
/// they are) and nothing invisible, sharing mid-stream, resume with <c>?after=</c>, ping, bad frames, Origin, limits,
/// keep-alive and a slow socket.
/// </summary>
public sealed class AppStreamTests(SharedHost fixture) : IClassFixture<SharedHost>
{
    private NodWebHost Host => fixture.Host;

    [Fact]
    public async Task Connect_LateWithPendingDecisionsAndAThinkingAgent_TheSnapshotHasThemFirst()
    {
        var alice = OwnedResources.NewUser("alice");
        var bob = OwnedResources.NewUser("bob");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        var inbox = await owned.AgentClient.RequestDecisionAsync(new DecisionEvent { Title = "Region?", Description = "d", Kind = "choice", Options = ["us", "eu"] }).Within();
        await owned.AgentClient.StartProcessingAsync("Compiling").Within();
        await owned.Owner.ShareAgentAsync(owned.AgentId, bob).Within();
        var head = await Store.Events.GetHeadAsync().Within();

        var (socket, snapshot) = await Host.ConnectAppAsync(bob);
        await using (socket)
        {
            Assert.Equal(["type", "seq", "pending_decisions", "indicators", "agents"], snapshot.EnumerateObject().Select(p => p.Name));
            Assert.True(snapshot.GetProperty("seq").GetInt64() >= head);
            Assert.Equal([owned.DecisionId, inbox.Id], snapshot.GetProperty("pending_decisions").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
            Assert.Equal("pending", snapshot.GetProperty("pending_decisions")[1].GetProperty("status").GetString());
            var indicator = Assert.Single(snapshot.GetProperty("indicators").EnumerateArray());
            Assert.Equal(owned.AgentId, indicator.GetProperty("agent_id").GetString());
            Assert.Equal(owned.ConversationId, indicator.GetProperty("conversation_id").GetString());
            Assert.True(indicator.GetProperty("active").GetBoolean());
            Assert.Equal("Compiling", indicator.GetProperty("status_text").GetString());
            Assert.Equal(JsonValueKind.String, indicator.GetProperty("since").ValueKind);
            var agent = Assert.Single(snapshot.GetProperty("agents").EnumerateArray());
            Assert.Equal(owned.AgentId, agent.GetProperty("agent_id").GetString());
            Assert.True(agent.GetProperty("online").GetBoolean());
        }
    }

    [Fact]
    public async Task Stream_EventsOfVisibleAndInvisibleAgents_EachVisibleEventOnceAsStoredAndNothingElse()
    {
        var alice = OwnedResources.NewUser("alice");
        var bob = OwnedResources.NewUser("bob");
        await using var mine = await OwnedResources.CreateAsync(Host, alice);
        await using var theirs = await OwnedResources.CreateAsync(Host, bob);
        var (aliceSocket, aliceSnapshot) = await Host.ConnectAppAsync(alice);
        var (bobSocket, bobSnapshot) = await Host.ConnectAppAsync(bob);
        await using (aliceSocket)
        await using (bobSocket)
        {
            // Interleaved activity on both agents, by agents and by people, over REST and in process.
            await mine.AgentClient.SendMessageAsync("working on it").Within();
            await theirs.AgentClient.SendMessageAsync("theirs").Within();
            await mine.AgentClient.StartProcessingAsync("Thinking").Within();
            await theirs.AgentClient.AlertAsync("their alert").Within();
            var decision = await mine.AgentClient.RequestDecisionAsync(new DecisionEvent { Title = "Ok?", Description = "d", Kind = "approval", ConversationId = mine.ConversationId }).Within();
            await theirs.AgentClient.RequestDecisionAsync(new DecisionEvent { Title = "Theirs?", Description = "d", Kind = "question" }).Within();
            Assert.Equal(201, (await Host.AppPostAsync(alice, $"api/app/conversations/{mine.ConversationId}/messages", """{"text":"go on"}""")).Status);
            Assert.Equal(200, (await Host.AppPostAsync(alice, $"api/app/decisions/{decision.Id}/resolve", """{"status":"approved"}""")).Status);
            Assert.Equal(200, (await Host.AppPostAsync(bob, $"api/app/decisions/{theirs.DecisionId}/resolve", """{"status":"rejected"}""")).Status);
            await mine.AgentClient.AlertAsync("done").Within();
            await theirs.AgentClient.AlertAsync("their done").Within();

            var expectedForAlice = await Store.Events.ReadAsync(new EventLogQuery(aliceSnapshot.GetProperty("seq").GetInt64(), EventAudience.App, [mine.AgentId], 1000)).Within();
            var expectedForBob = await Store.Events.ReadAsync(new EventLogQuery(bobSnapshot.GetProperty("seq").GetInt64(), EventAudience.App, [theirs.AgentId], 1000)).Within();
            var aliceFrames = await ReadUntilSeqAsync(aliceSocket, expectedForAlice[^1].Seq);
            var bobFrames = await ReadUntilSeqAsync(bobSocket, expectedForBob[^1].Seq);

            Assert.Equal(expectedForAlice.Select(e => Encoding.UTF8.GetString(e.Payload.Span)), aliceFrames.Select(f => f.GetRawText()));
            Assert.Equal(expectedForBob.Select(e => Encoding.UTF8.GetString(e.Payload.Span)), bobFrames.Select(f => f.GetRawText()));
            Assert.DoesNotContain(aliceFrames, f => f.GetRawText().Contains(theirs.AgentId, StringComparison.Ordinal));
            Assert.DoesNotContain(bobFrames, f => f.GetRawText().Contains(mine.AgentId, StringComparison.Ordinal));
            Assert.Superset(
                new HashSet<string> { "message_created", "indicator_changed", "decision_created", "decision_resolved", "activity_created" },
                aliceFrames.Select(f => f.GetProperty("type").GetString()!).ToHashSet());
            Assert.Contains(aliceFrames, f => f.GetProperty("type").GetString() == "message_created" &&
                                               f.GetProperty("message").GetProperty("text").GetString() == "go on");
        }
    }

    [Fact]
    public async Task Stream_AgentSharedAndUnsharedMidStream_DeliveryStartsAndStopsAtOnce()
    {
        var alice = OwnedResources.NewUser("alice");
        var bob = OwnedResources.NewUser("bob");
        await using var mine = await OwnedResources.CreateAsync(Host, alice);
        await using var theirs = await OwnedResources.CreateAsync(Host, bob);
        var (socket, snapshot) = await Host.ConnectAppAsync(bob);
        await using (socket)
        {
            Assert.DoesNotContain(mine.AgentId, snapshot.GetRawText(), StringComparison.Ordinal);

            Assert.Equal(204, (await Host.AppPostAsync(alice, $"api/app/agents/{mine.AgentId}/shares", $$"""{"user_id":"{{bob}}"}""")).Status);
            var updated = await socket.ReceiveAsync("agent_updated");
            await mine.AgentClient.SendMessageAsync("now you see me").Within();
            var message = await socket.ReceiveAsync("message_created");

            Assert.Equal(mine.AgentId, updated.GetProperty("agent").GetProperty("id").GetString());
            Assert.Contains(bob, updated.GetProperty("agent").GetProperty("shared_with").EnumerateArray().Select(u => u.GetString()));
            Assert.Equal("now you see me", message.GetProperty("message").GetProperty("text").GetString());

            Assert.Equal(204, (await Host.AppAsync(alice, HttpMethod.Delete, $"api/app/agents/{mine.AgentId}/shares/{bob}")).Status);
            await mine.AgentClient.AlertAsync("now you don't").Within();
            await theirs.AgentClient.AlertAsync("marker").Within();
            var afterUnshare = new List<JsonElement>();
            while (true)
            {
                var frame = await socket.ReceiveAsync();
                afterUnshare.Add(frame);
                if (frame.GetProperty("type").GetString() == "activity_created" && frame.GetProperty("activity").GetProperty("title").GetString() == "marker")
                {
                    break;
                }
            }

            Assert.DoesNotContain(afterUnshare, f => f.GetRawText().Contains("now you don't", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Stream_ResumeAfterADisconnect_ReplaysWhatWasMissedThenLiveWithNoGapOrDuplicate()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var mine = await OwnedResources.CreateAsync(Host, alice);
        var (first, snapshot) = await Host.ConnectAppAsync(alice);
        var start = snapshot.GetProperty("seq").GetInt64();
        await mine.AgentClient.AlertAsync("one").Within();
        await mine.AgentClient.AlertAsync("two").Within();
        var seen = await ReadUntilSeqAsync(first, (await AppEventsAsync(mine.AgentId, start))[^1].Seq);
        var lastSeen = seen[^1].GetProperty("seq").GetInt64();
        await first.CloseAsync().Within();
        await first.DisposeAsync();

        // While nobody listens.
        await mine.AgentClient.AlertAsync("three").Within();
        await mine.AgentClient.SendMessageAsync("four").Within();
        await mine.Owner.ApproveAsync(mine.DecisionId).Within();
        var missed = await AppEventsAsync(mine.AgentId, lastSeen);

        var (second, resumedSnapshot) = await Host.ConnectAppAsync(alice, after: lastSeen);
        await using (second)
        {
            var replayed = await ReadUntilSeqAsync(second, missed[^1].Seq);
            await mine.AgentClient.AlertAsync("five").Within();
            var live = await second.ReceiveAsync();

            Assert.Equal(missed.Select(e => e.Seq), replayed.Select(f => f.GetProperty("seq").GetInt64()));
            Assert.Equal(missed.Select(e => Encoding.UTF8.GetString(e.Payload.Span)), replayed.Select(f => f.GetRawText()));
            Assert.Empty(resumedSnapshot.GetProperty("pending_decisions").EnumerateArray());   // resolved while away
            Assert.Equal("five", live.GetProperty("activity").GetProperty("title").GetString());
            Assert.True(live.GetProperty("seq").GetInt64() > missed[^1].Seq);
            var all = seen.Concat(replayed).Select(f => f.GetProperty("seq").GetInt64()).ToList();
            Assert.Equal((await AppEventsAsync(mine.AgentId, start)).Select(e => e.Seq).Where(s => s <= missed[^1].Seq), all);
        }
    }

    [Fact]
    public async Task Stream_WithoutAfter_StartsWithWhatHappensFromNowOn()
    {
        var alice = OwnedResources.NewUser("alice");
        await using var mine = await OwnedResources.CreateAsync(Host, alice);
        await mine.AgentClient.AlertAsync("before").Within();

        var (socket, _) = await Host.ConnectAppAsync(alice);
        await using (socket)
        {
            await mine.AgentClient.AlertAsync("after").Within();
            var first = await socket.ReceiveAsync();

            Assert.Equal("after", first.GetProperty("activity").GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task Frames_PingAndAnythingElse_PongOrAnErrorFrameAndTheSocketStaysOpen()
    {
        var (socket, _) = await Host.ConnectAppAsync(OwnedResources.NewUser("alice"));
        await using (socket)
        {
            await socket.SendTextAsync("""{"type":"ping"}""");
            var pong = await socket.ReceiveAsync();
            string[] bad = ["not json", "[1]", """{"type":"subscribe"}""", """{"kind":"ping"}""", """{"type":1}""", """{"type":"ping"} {}"""];
            var errors = new List<JsonElement>();
            foreach (var frame in bad)
            {
                await socket.SendTextAsync(frame);
                errors.Add(await socket.ReceiveAsync());
            }

            await socket.SendBytesAsync([1, 2, 3], WebSocketMessageType.Binary);
            var binary = await socket.ReceiveAsync();
            await socket.SendTextAsync("""{"type":"ping"}""");
            var stillOpen = await socket.ReceiveAsync();

            Assert.Equal("""{"type":"pong"}""", pong.GetRawText());
            Assert.All(errors, e => Assert.Equal("error", e.GetProperty("type").GetString()));
            Assert.Contains("subscribe", errors[2].GetProperty("detail").GetString());
            Assert.Equal("error", binary.GetProperty("type").GetString());
            Assert.Contains("binary", binary.GetProperty("detail").GetString());
            Assert.Equal("pong", stillOpen.GetProperty("type").GetString());
            Assert.Equal(WebSocketState.Open, socket.Socket.State);
        }
    }

    [Fact]
    public async Task Frames_PingsDuringABurstOfEvents_EveryEventOnceInOrderAndEveryPingAnswered()
    {
        // Events and pongs share one socket writer: under load they interleave as whole frames, never mixed up.
        const int Messages = 200;
        const int Pings = 50;
        var alice = OwnedResources.NewUser("alice");
        await using var mine = await OwnedResources.CreateAsync(Host, alice);
        var (socket, snapshot) = await Host.ConnectAppAsync(alice);
        await using (socket)
        {
            var sending = Task.Run(async () =>
            {
                for (var i = 0; i < Messages; i++)
                {
                    await mine.AgentClient.SendMessageAsync($"burst {i}").Within();
                }
            });
            for (var i = 0; i < Pings; i++)
            {
                await socket.SendTextAsync("""{"type":"ping"}""");
            }

            await sending.Within();
            var expected = await AppEventsAsync(mine.AgentId, snapshot.GetProperty("seq").GetInt64());
            var events = new List<JsonElement>();
            var pongs = 0;
            while (pongs < Pings || events.Count == 0 || events[^1].GetProperty("seq").GetInt64() < expected[^1].Seq)
            {
                var frame = await socket.ReceiveAsync();
                if (frame.GetProperty("type").GetString() == "pong")
                {
                    pongs++;
                }
                else
                {
                    events.Add(frame);
                }
            }

            Assert.Equal(Pings, pongs);
            Assert.Equal(expected.Select(e => Encoding.UTF8.GetString(e.Payload.Span)), events.Select(f => f.GetRawText()));
            Assert.Equal(Messages, events.Count(f => f.GetProperty("type").GetString() == "message_created"));
        }
    }

    [Fact]
    public async Task Frames_MessageOverTheLimit_ClosesWith1009()
    {
        await using var host = await NodWebHost.StartAsync(http: o => o.MaxAppWebSocketMessageSize = 1024);
        var (socket, _) = await host.ConnectAppAsync("alice");
        await using (socket)
        {
            await socket.SendTextAsync($$"""{"type":"ping","pad":"{{new string('x', 2048)}}"}""");
            var (status, _) = await socket.ReceiveCloseAsync();

            Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        }
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("https://127.0.0.1.evil.example")]
    [InlineData("null")]
    [InlineData("not an origin")]
    public async Task Upgrade_ForeignOrigin_Refused403BeforeTheUpgrade(string origin)
    {
        var status = await Host.RefusedAppUpgradeAsync("alice", origin: origin);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Upgrade_SameHostOriginOrNone_IsAccepted()
    {
        var sameHost = $"http://{Host.BaseAddress.Authority}";
        var (withOrigin, _) = await Host.ConnectAppAsync("alice", origin: sameHost);
        var (withoutOrigin, _) = await Host.ConnectAppAsync("alice");

        Assert.Equal(WebSocketState.Open, withOrigin.Socket.State);
        Assert.Equal(WebSocketState.Open, withoutOrigin.Socket.State);
        await withOrigin.DisposeAsync();
        await withoutOrigin.DisposeAsync();
    }

    [Fact]
    public async Task Upgrade_AllowedOriginsOption_AcceptsThoseAndStillRefusesOthers()
    {
        await using var host = await NodWebHost.StartAsync(http: o => o.AppAllowedOrigins.Add("https://app.example.com"));

        var (allowed, _) = await host.ConnectAppAsync("alice", origin: "https://app.example.com");
        var refused = await host.RefusedAppUpgradeAsync("alice", origin: "https://other.example.com");

        Assert.Equal(WebSocketState.Open, allowed.Socket.State);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        await allowed.DisposeAsync();
    }

    [Theory]
    [InlineData("after=-1")]
    [InlineData("after=abc")]
    [InlineData("after=1&after=2")]
    public async Task Upgrade_BadAfter_Refused400BeforeTheUpgrade(string query)
    {
        var status = await Host.RefusedAppUpgradeAsync("alice", query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Upgrade_PlainGet_Answers400WithADetail()
    {
        var (status, body) = await Host.AppGetAsync("alice", "ws/app");

        Assert.Equal(400, status);
        Assert.Contains("WebSocket", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Stream_ASocketThatStopsReading_DoesNotDelayTheOtherSocketOrTheEngine()
    {
        // A tiny subscriber buffer, a small TCP receive buffer on the stalled client, and ~24 MB of frames: far more than
        // the stalled connection can hold, so the server's sends to it block while the test runs.
        await using var host = await NodWebHost.StartAsync(nod: o => o.SubscriberBufferSize = 8);
        var user = host.Nod.ForUser("alice", "Alice");
        var agent = await user.CreateAgentAsync(new CreateAgentRequest { Name = "Chatty" }).Within();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        await using var stalled = await AgentSocket.ConnectAsync(host.AppSocketUri(), o => o.SetRequestHeader(TestAuthentication.UserHeader, "alice"), receiveBufferSize: 4096);
        var (reader, _) = await host.ConnectAppAsync("alice");
        await using (reader)
        {
            const int Count = 400;
            var text = new string('x', 60_000);
            var readAll = Task.Run(async () =>
            {
                var ids = new List<string>();
                while (ids.Count < Count)
                {
                    var frame = await reader.ReceiveAsync();
                    if (frame.GetProperty("type").GetString() == "message_created")
                    {
                        ids.Add(frame.GetProperty("message").GetProperty("id").GetString()!);
                    }
                }

                return ids;
            });
            var sent = new List<string>();
            for (var i = 0; i < Count; i++)
            {
                sent.Add((await user.SendMessageAsync(conversation.Id, $"{i} {text}").Within()).Id);
            }

            Assert.Equal(sent, await readAll.WaitAsync(TimeSpan.FromSeconds(30)));

            // The stalled socket, once it reads again, gets its snapshot and then every frame exactly once.
            Assert.Equal("snapshot", (await stalled.ReceiveAsync()).GetProperty("type").GetString());
            var late = new List<string>();
            while (late.Count < Count)
            {
                var frame = await stalled.ReceiveAsync();
                if (frame.GetProperty("type").GetString() == "message_created")
                {
                    late.Add(frame.GetProperty("message").GetProperty("id").GetString()!);
                }
            }

            Assert.Equal(sent, late);
        }
    }

    [Fact]
    public async Task Stream_PeerStopsAnsweringPings_IsPingedThenDropped()
    {
        await using var host = await NodWebHost.StartAsync(http: o =>
        {
            o.WebSocketKeepAliveInterval = TimeSpan.FromMilliseconds(100);
            o.WebSocketIdleTimeout = TimeSpan.FromMilliseconds(400);
        });

        // A raw client: it completes the handshake and then only reads bytes, so it never answers a ping.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.BaseAddress.Port).Within();
        var stream = tcp.GetStream();
        var handshake = $"GET /ws/app HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                        $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{TestAuthentication.UserHeader}: alice\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(handshake)).AsTask().Within();
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).AsTask().Within()) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset by the server: dropped, as expected.
        }

        var bytes = received.ToArray();
        Assert.StartsWith("HTTP/1.1 101", Encoding.ASCII.GetString(bytes));
        var opcodes = ServerFrameOpcodes(bytes.AsSpan(bytes.AsSpan().IndexOf("\r\n\r\n"u8) + 4));
        Assert.Equal(0x1, opcodes[0]);        // the snapshot (text)
        Assert.Contains(0x9, opcodes);        // pings, until the server gave up on the silent peer
    }

    /// <summary>The opcodes of the (unmasked) frames a server sent.</summary>
    private static List<int> ServerFrameOpcodes(ReadOnlySpan<byte> data)
    {
        var opcodes = new List<int>();
        while (data.Length >= 2)
        {
            var length = data[1] & 0x7F;
            var header = 2;
            if (length == 126)
            {
                length = (data[2] << 8) | data[3];
                header = 4;
            }
            else if (length == 127)
            {
                throw new InvalidOperationException("unexpectedly large frame");
            }

            opcodes.Add(data[0] & 0x0F);
            data = data[Math.Min(data.Length, header + length)..];
        }

        return opcodes;
    }

    [Fact]
    public async Task Upgrade_WebSocketOverHttp2_SnapshotAndPong()
    {
        await using var host = await NodWebHost.StartAsync(configure: b =>
            b.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2)));
        using var client = new ClientWebSocket();
        client.Options.HttpVersion = HttpVersion.Version20;
        client.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        client.Options.SetRequestHeader(TestAuthentication.UserHeader, "alice");
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());

        await client.ConnectAsync(host.AppSocketUri(), invoker, TestTimeouts.Token());
        var buffer = new byte[4096];
        var snapshot = await client.ReceiveAsync(buffer, TestTimeouts.Token());
        var snapshotText = Encoding.UTF8.GetString(buffer, 0, snapshot.Count);
        await client.SendAsync("{\"type\":\"ping\"}"u8.ToArray(), WebSocketMessageType.Text, true, TestTimeouts.Token());
        var pong = await client.ReceiveAsync(buffer, TestTimeouts.Token());

        Assert.StartsWith("{\"type\":\"snapshot\"", snapshotText);
        Assert.Equal("{\"type\":\"pong\"}", Encoding.UTF8.GetString(buffer, 0, pong.Count));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeouts.Token());
    }

    [Fact]
    public async Task Stream_HostStopping_ClosesWith1001()
    {
        var host = await NodWebHost.StartAsync();
        var (socket, _) = await host.ConnectAppAsync("alice");

        var stopping = host.DisposeAsync().AsTask();
        var (status, _) = await socket.ReceiveCloseAsync();
        await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeouts.Token());
        await stopping.Within();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        socket.Socket.Dispose();
    }

    [Fact]
    public async Task Stream_ClientCloses_TheServerAnswersTheCloseHandshake()
    {
        var (socket, _) = await Host.ConnectAppAsync("alice");

        await socket.CloseAsync().Within();

        Assert.Equal(WebSocketState.Closed, socket.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.Socket.CloseStatus);
        socket.Socket.Dispose();
    }

    private INodStore Store => Host.Services.GetRequiredService<INodStore>();

    private async Task<IReadOnlyList<NodEvent>> AppEventsAsync(string agentId, long after) =>
        await Store.Events.ReadAsync(new EventLogQuery(after, EventAudience.App, [agentId], 1000)).Within();

    /// <summary>Frames until the one with <paramref name="seq"/>; fails on a frame without seq or past it.</summary>
    private static async Task<List<JsonElement>> ReadUntilSeqAsync(AgentSocket socket, long seq)
    {
        var frames = new List<JsonElement>();
        while (true)
        {
            var frame = await socket.ReceiveAsync();
            frames.Add(frame);
            var frameSeq = frame.GetProperty("seq").GetInt64();
            Assert.True(frameSeq <= seq, $"frame past seq {seq}: {frame.GetRawText()}");
            if (frameSeq == seq)
            {
                return frames;
            }
        }
    }
}
