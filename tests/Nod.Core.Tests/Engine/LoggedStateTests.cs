using Nod.Core.Tests.Infrastructure;
using Nod.Protocol;

namespace Nod.Core.Tests.Engine;

/// <summary>
/// The stored agent and conversation carry what the log says is on (agent online, bubble on), so a start-up after a
/// crash knows what to log off. Only the commits that log a change of it write it: heartbeats write nothing, and a
/// record a commit already writes (the agent going online, the conversation of a message) is written once.
/// </summary>
public sealed class LoggedStateTests
{
    [Fact]
    public async Task Connections_FirstOpensAndLastCloses_TheCommitsThatLogItWriteTheFlag_TheOthersWriteNothing()
    {
        var store = new RecordingStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var mark = store.Count;
        var (_, first, credentials) = await host.UserWithAgentAsync();
        var online = Assert.Single(store.Since(mark), s => s.Events.Any(e => e.Frame is AgentStatusFrame));
        Assert.True(Assert.Single(online.Agents).LoggedOnline);
        Assert.True((await store.Agents.GetAsync(credentials.AgentId).Within())!.LoggedOnline);

        mark = store.Count;
        var second = await host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
        await second.DisposeAsync().Within();
        Assert.Equal(mark, store.Count);

        await first.DisposeAsync().Within();
        var offline = Assert.Single(store.Since(mark));
        Assert.False(Assert.Single(offline.Agents).LoggedOnline);
        Assert.False((await store.Agents.GetAsync(credentials.AgentId).Within())!.LoggedOnline);
    }

    [Fact]
    public async Task Bubble_OnThenEndedByAMessage_TheFlagRidesOnTheConversationWriteTheMessageAlreadyMakes()
    {
        var store = new RecordingStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (_, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        var mark = store.Count;
        await agent.StartProcessingAsync("Thinking").Within();
        var on = Assert.Single(store.Since(mark));
        Assert.True(Assert.Single(on.Conversations).LoggedProcessing);
        Assert.Empty(on.Agents);

        mark = store.Count;
        await agent.SendMessageAsync("Done").Within();
        var message = Assert.Single(store.Since(mark));
        var conversation = Assert.Single(message.Conversations);
        Assert.False(conversation.LoggedProcessing);
        Assert.Equal(host.NowMs(), conversation.LastMessageAt);
        Assert.Empty(message.Agents);
        Assert.False((await store.Conversations.GetAsync(agent.DefaultConversationId!).Within())!.LoggedProcessing);
    }

    [Fact]
    public async Task Heartbeats_RenewingOrRetextingTheBubble_WriteNoRecord()
    {
        var store = new RecordingStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (_, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await agent.HeartbeatAsync("Working").Within();

        var mark = store.Count;
        for (var i = 0; i < 5; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await agent.HeartbeatAsync("Working").Within();
        }

        Assert.Equal(mark, store.Count);

        await agent.HeartbeatAsync("Compiling").Within();
        var retexted = Assert.Single(store.Since(mark));
        Assert.IsType<IndicatorChangedFrame>(Assert.Single(retexted.Events).Frame);
        Assert.Empty(retexted.Conversations);
        Assert.Empty(retexted.Agents);
    }

    [Fact]
    public async Task Bubble_StoppedOrExpired_TheCommitThatLogsItClearsTheFlag()
    {
        var store = new RecordingStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (_, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        await agent.StartProcessingAsync().Within();
        var mark = store.Count;
        await agent.StopProcessingAsync().Within();
        var stopped = Assert.Single(store.Since(mark));
        Assert.False(Assert.Single(stopped.Conversations).LoggedProcessing);

        await agent.HeartbeatAsync().Within();
        mark = store.Count;
        host.Time.Advance(TimeSpan.FromSeconds(5));
        await host.SyncAsync();
        var expired = Assert.Single(store.Since(mark));
        Assert.False(Assert.Single(expired.Conversations).LoggedProcessing);
        Assert.False((await store.Conversations.GetAsync(agent.DefaultConversationId!).Within())!.LoggedProcessing);
    }

    [Fact]
    public async Task DeleteAgent_OnlineAndThinking_LeavesNoRecordOfItBehind()
    {
        var store = new RecordingStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await agent.StartProcessingAsync().Within();

        await user.DeleteAgentAsync(credentials.AgentId).Within();

        Assert.Null(await store.Agents.GetAsync(credentials.AgentId).Within());
        Assert.DoesNotContain(await store.Conversations.ListAsync().Within(), c => c.AgentId == credentials.AgentId);
        await agent.DisposeAsync().Within();
    }
}
