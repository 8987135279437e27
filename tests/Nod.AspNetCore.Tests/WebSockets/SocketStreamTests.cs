using System.Text.Json;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;

namespace Nod.AspNetCore.Tests.WebSockets;

/// <summary>Updates pushed over the agent WebSocket (PROTOCOL §4): live, resumed with <c>after</c>, to every socket, whatever one socket does.</summary>
public sealed class SocketStreamTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private NodWebHost Host => shared.Host;

    [Fact]
    public async Task Stream_UserMessage_IsPushedLiveAsTheSameBytesRestPollingReturns()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();

        var sent = await user.SendMessageAsync(conversation.Id, "Hi agent").Within();
        var pushed = await socket.ReceiveAsync();
        var (_, polled) = await Host.GetAsync(agent, "api/agent/updates");

        Assert.Equal("user_message", pushed.GetProperty("type").GetString());
        Assert.Equal(sent.Id, pushed.GetProperty("message_id").GetString());
        Assert.Equal(polled.GetProperty("updates")[0].GetRawText(), pushed.GetRawText());
    }

    [Fact]
    public async Task Stream_ResumeAfterADisconnectMidStream_ReplaysTheRestThenLiveWithNoGapOrDuplicate()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        var sent = new List<string>();
        var first = await Host.ConnectAsync(agent);
        for (var i = 0; i < 5; i++)
        {
            sent.Add((await user.SendMessageAsync(conversation.Id, $"m{i}").Within()).Id);
        }

        // Read two, then drop the connection without a close handshake while more are on their way.
        var read = new List<JsonElement> { await first.ReceiveAsync(), await first.ReceiveAsync() };
        first.Socket.Abort();
        first.Socket.Dispose();
        for (var i = 5; i < 8; i++)
        {
            sent.Add((await user.SendMessageAsync(conversation.Id, $"m{i}").Within()).Id);
        }

        var lastSeq = read[^1].GetProperty("seq").GetInt64();
        await using var second = await Host.ConnectAsync(agent, after: lastSeq);
        for (var i = 2; i < 8; i++)
        {
            read.Add(await second.ReceiveAsync());
        }

        sent.Add((await user.SendMessageAsync(conversation.Id, "live").Within()).Id);
        read.Add(await second.ReceiveAsync());

        Assert.Equal(sent, read.Select(u => u.GetProperty("message_id").GetString()));
        var seqs = read.Select(u => u.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
    }

    [Fact]
    public async Task Stream_ResumeWithHeadersAndAfterQuery_ReplaysWhatWasMissed()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        var early = await user.SendMessageAsync(conversation.Id, "early").Within();
        var missed = await user.SendMessageAsync(conversation.Id, "missed").Within();
        var (_, polled) = await Host.GetAsync(agent, "api/agent/updates?limit=1");

        await using var socket = await AgentSocket.ConnectAsync(Host.SocketUri(agent.AgentId, $"after={polled.GetProperty("next_after").GetInt64()}"), o =>
        {
            o.SetRequestHeader("X-Nod-Agent-Id", agent.AgentId);
            o.SetRequestHeader("X-Nod-Secret", agent.Secret);
        });

        Assert.Equal("auth_ok", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        Assert.Equal(missed.Id, (await socket.ReceiveAsync()).GetProperty("message_id").GetString());
        Assert.NotEqual(early.Id, missed.Id);
    }

    [Fact]
    public async Task Stream_WithoutAfter_StartsWithWhatHappensFromNowOn()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        await user.SendMessageAsync(conversation.Id, "before").Within();

        await using var socket = await Host.ConnectAsync(agent);
        var after = await user.SendMessageAsync(conversation.Id, "after").Within();

        Assert.Equal(after.Id, (await socket.ReceiveAsync()).GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task Stream_TwoSocketsOfOneAgent_BothReceiveEveryEventOnceInOrder()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        await using var one = await Host.ConnectAsync(agent);
        await using var two = await Host.ConnectAsync(agent);

        var sent = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            sent.Add((await user.SendMessageAsync(conversation.Id, $"m{i}").Within()).Id);
        }

        var (_, decision) = await Host.PostEventAsync(agent, """{"type":"decision","title":"t","description":"d","kind":"approval"}""");
        await user.RejectAsync(decision.GetProperty("decision_id").GetString()!).Within();

        foreach (var socket in new[] { one, two })
        {
            var received = new List<JsonElement>();
            for (var i = 0; i < 21; i++)
            {
                received.Add(await socket.ReceiveAsync());
            }

            Assert.Equal(sent, received.Take(20).Select(u => u.GetProperty("message_id").GetString()));
            Assert.Equal("decision_resolved", received[20].GetProperty("type").GetString());
            Assert.Equal("rejected", received[20].GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Stream_ASocketThatStopsReading_DoesNotDelayTheOtherSocketOrTheEngine()
    {
        // A tiny subscriber buffer, a small TCP receive buffer on the stalled client, and ~24 MB of updates: far more
        // than the stalled connection can hold, so the server's sends to it block while the test runs.
        await using var host = await NodWebHost.StartAsync(nod: o => o.SubscriberBufferSize = 8);
        var (user, agent) = await host.CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        await using var stalled = await AgentSocket.ConnectAsync(host.SocketUri(agent.AgentId), receiveBufferSize: 4096);
        await stalled.AuthenticateAsync(agent.Secret);
        await using var reader = await host.ConnectAsync(agent);
        const int Count = 400;
        var text = new string('x', 60_000);

        // The engine keeps accepting while one socket reads nothing …
        var sent = new List<string>();
        var readAll = Task.Run(async () =>
        {
            var ids = new List<string>();
            for (var i = 0; i < Count; i++)
            {
                ids.Add((await reader.ReceiveAsync()).GetProperty("message_id").GetString()!);
            }

            return ids;
        });
        for (var i = 0; i < Count; i++)
        {
            sent.Add((await user.SendMessageAsync(conversation.Id, $"{i} {text}").Within()).Id);
        }

        // … and the other socket gets every update, in order.
        Assert.Equal(sent, await readAll.WaitAsync(TimeSpan.FromSeconds(30)));
        var (_, agentState) = (user, await user.GetAgentAsync(agent.AgentId).Within());
        Assert.True(agentState.Online);

        // The stalled socket, once it reads again, catches up on everything exactly once.
        var late = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            late.Add((await stalled.ReceiveAsync()).GetProperty("message_id").GetString()!);
        }

        Assert.Equal(sent, late);
        await stalled.SendTextAsync("""{"type":"ping"}""");
        Assert.Equal("pong", (await stalled.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Stream_ApprovalOnlyAgent_ReceivesDecisionResolutions()
    {
        var (user, agent) = await Host.CreateAgentAsync(AgentType.ApprovalOnly);
        await using var socket = await Host.ConnectAsync(agent);

        var ack = await socket.RequestAsync("""{"type":"decision","title":"Allow: rm","description":"d","kind":"permission"}""", "d");
        await user.ApproveAsync(ack.GetProperty("decision_id").GetString()!).Within();
        var resolved = await socket.ReceiveAsync("decision_resolved");

        Assert.Equal(ack.GetProperty("decision_id").GetString(), resolved.GetProperty("decision_id").GetString());
        Assert.Equal("approved", resolved.GetProperty("status").GetString());
    }
}
