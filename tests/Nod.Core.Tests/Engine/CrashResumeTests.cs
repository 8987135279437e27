using Microsoft.Extensions.DependencyInjection;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;
using Nod.Storage.Conformance;
using Nod.Storage.InMemory;

namespace Nod.Core.Tests.Engine;

/// <summary>
/// After a crash (no graceful stop) the log may end with an agent online or a bubble on, while the state loaded at the
/// next start has both off (they live in memory). The next start logs them going off, so an app that resumes with
/// <c>after</c> replays to the state its snapshot shows — and logs nothing that a graceful stop already logged.
/// </summary>
public sealed class CrashResumeTests
{
    [Fact]
    public async Task Crash_WithAnAgentConnectedAndThinking_ResumedStreamEndsWithItOfflineAndTheBubbleOff()
    {
        var store = new InMemoryNodStore();
        var before = await StartAsync(store);
        var (agentId, credentials, missedFrom) = await AgentTheAppHasNotSeenConnectAsync(before);
        var agent = await before.Nod.ConnectAgentAsync(agentId, credentials.Secret).Within();
        await agent.StartProcessingAsync("Running the tests").Within();
        await before.CrashAsync();

        await using var after = await StartAsync(store);
        var (snapshot, replayed) = await ResumeAsync(after, missedFrom);

        Assert.DoesNotContain(snapshot.Agents, a => a.AgentId == agentId && a.Online);
        Assert.Empty(snapshot.Indicators);
        Assert.Contains(replayed, f => f is AgentStatusFrame { Online: true });
        Assert.Contains(replayed, f => f is IndicatorChangedFrame { Active: true });
        Assert.False(replayed.OfType<AgentStatusFrame>().Last(f => f.AgentId == agentId).Online);
        var bubble = replayed.OfType<IndicatorChangedFrame>().Last(f => f.AgentId == agentId);
        Assert.False(bubble.Active);
        Assert.Equal(IndicatorReason.Disconnected, bubble.Reason);
        Assert.Equal("Disconnected", replayed.OfType<ActivityCreatedFrame>().Last(f => f.Activity.AgentId == agentId).Activity.Title);
    }

    [Fact]
    public async Task Crash_WithARestAgentThinkingInASecondConversation_ResumedStreamEndsWithThatBubbleOffAndNoPresenceChange()
    {
        var store = new InMemoryNodStore();
        var before = await StartAsync(store);
        var (agentId, credentials, _) = await AgentTheAppHasNotSeenConnectAsync(before);
        var conversation = await before.Nod.ForUser("alice", "Alice").CreateConversationAsync(agentId).Within();
        var rest = before.Nod.AuthenticateAgent(agentId, credentials.Secret);
        var missedFrom = await before.Store.Events.GetHeadAsync().Within();
        await rest.StartProcessingAsync("Indexing", conversation.Id).Within();
        await before.CrashAsync();

        await using var after = await StartAsync(store);
        var (snapshot, replayed) = await ResumeAsync(after, missedFrom);

        Assert.Empty(snapshot.Indicators);
        Assert.DoesNotContain(replayed, f => f is AgentStatusFrame);
        var bubbles = replayed.OfType<IndicatorChangedFrame>().ToList();
        Assert.Equal(2, bubbles.Count);
        Assert.True(bubbles[0].Active);
        Assert.False(bubbles[1].Active);
        Assert.Equal(conversation.Id, bubbles[1].ConversationId);
        Assert.Equal(IndicatorReason.Disconnected, bubbles[1].Reason);
    }

    [Fact]
    public async Task Crash_AgentOnline_KeepsTheLastSeenTheStoreHad()
    {
        var store = new InMemoryNodStore();
        var before = await StartAsync(store);
        var (agentId, credentials, _) = await AgentTheAppHasNotSeenConnectAsync(before);
        await before.Nod.ConnectAgentAsync(agentId, credentials.Secret).Within();
        var seenAtConnect = (await store.Agents.GetAsync(agentId).Within())!.LastSeenAt;
        await before.CrashAsync();
        before.Time.Advance(TimeSpan.FromHours(3));

        await using var after = await StartAsync(store, before.Time);

        // When the crash happened is unknown: the restart time would claim the agent was seen while Nod was down.
        var agent = await after.Nod.ForUser("alice", "Alice").GetAgentAsync(agentId).Within();
        Assert.False(agent.Online);
        Assert.NotNull(seenAtConnect);
        Assert.Equal(seenAtConnect, agent.LastSeenAt);
    }

    [Fact]
    public async Task CrashThenStartTwice_LogsTheMissingEventsOnce()
    {
        var store = new InMemoryNodStore();
        var first = await StartAsync(store);
        var (agentId, credentials, _) = await AgentTheAppHasNotSeenConnectAsync(first);
        var agent = await first.Nod.ConnectAgentAsync(agentId, credentials.Secret).Within();
        await agent.StartProcessingAsync().Within();
        await first.CrashAsync();
        var headAtCrash = await store.Events.GetHeadAsync().Within();

        var second = await StartAsync(store);
        var headAfterRecovery = await store.Events.GetHeadAsync().Within();
        await second.CrashAsync();
        await using var third = await StartAsync(store);

        Assert.True(headAfterRecovery > headAtCrash);
        Assert.Equal(headAfterRecovery, await store.Events.GetHeadAsync().Within());
    }

    [Fact]
    public async Task GracefulStopThenStart_LogsNothingMore()
    {
        var store = new InMemoryNodStore();
        await using (var before = await StartAsync(store))
        {
            var (agentId, credentials, _) = await AgentTheAppHasNotSeenConnectAsync(before);
            var agent = await before.Nod.ConnectAgentAsync(agentId, credentials.Secret).Within();
            await agent.StartProcessingAsync().Within();
            await before.Nod.AuthenticateAgent(agentId, credentials.Secret)
                .StartProcessingAsync(conversationId: (await before.Nod.ForUser("alice", "Alice").CreateConversationAsync(agentId).Within()).Id).Within();
        }

        var headAfterStop = await store.Events.GetHeadAsync().Within();

        await using var after = await StartAsync(store);

        Assert.Equal(headAfterStop, await store.Events.GetHeadAsync().Within());
    }

    [Fact]
    public async Task StartAfterCrash_StoreRefusesTheMissingEvents_StartsAnyway_AndTheNextStartLogsThem()
    {
        var inner = new InMemoryNodStore();
        var before = await StartAsync(inner);
        var (agentId, credentials, missedFrom) = await AgentTheAppHasNotSeenConnectAsync(before);
        await before.Nod.ConnectAgentAsync(agentId, credentials.Secret).Within();
        await before.CrashAsync();
        var headAtCrash = await inner.Events.GetHeadAsync().Within();

        var refusing = new RefusingFirstCommitStore(inner);
        var during = await StartAsync(refusing);
        Assert.Equal(1, refusing.Refused);
        Assert.Equal(headAtCrash, await inner.Events.GetHeadAsync().Within());
        Assert.False((await during.Nod.ForUser("alice", "Alice").GetAgentAsync(agentId).Within()).Online);
        await during.CrashAsync();

        await using var after = await StartAsync(inner);
        var (_, replayed) = await ResumeAsync(after, missedFrom);
        Assert.False(replayed.OfType<AgentStatusFrame>().Last().Online);
    }

    [Fact]
    public async Task StartAfterCrash_StoreRefusesTheMissingEvents_LeavesNoConnectionBehind()
    {
        var inner = new InMemoryNodStore();
        var before = await StartAsync(inner);
        var (agentId, credentials, _) = await AgentTheAppHasNotSeenConnectAsync(before);
        await before.Nod.ConnectAgentAsync(agentId, credentials.Secret).Within();
        await before.CrashAsync();

        var refusing = new RefusingFirstCommitStore(inner);
        await using var during = await StartAsync(refusing);
        Assert.Equal(1, refusing.Refused);

        // What start-up restored in order to log it off must not outlive the refusal: one connection and its close take
        // the agent offline again (a connection left in the state would keep it online for good).
        var again = await during.Nod.ConnectAgentAsync(agentId, credentials.Secret).Within();
        await again.DisposeAsync().Within();
        Assert.False((await during.Nod.ForUser("alice", "Alice").GetAgentAsync(agentId).Within()).Online);
    }

    private static Task<NodTestHost> StartAsync(INodStore store, Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null) =>
        NodTestHost.StartAsync(services: s => s.AddSingleton(store), time: time);

    /// <summary>Alice's agent, created and disconnected; the seq her app has seen (it then goes away).</summary>
    private static async Task<(string AgentId, AgentCredentials Credentials, long SeenSeq)> AgentTheAppHasNotSeenConnectAsync(NodTestHost host)
    {
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await agent.DisposeAsync().Within();
        await using var stream = await user.SubscribeAsync().Within();
        return (credentials.AgentId, credentials, stream.Snapshot.Seq);
    }

    /// <summary>What Alice's app sees when it resumes after <paramref name="after"/>: its snapshot and the replay up to the head.</summary>
    private static async Task<(SnapshotFrame Snapshot, IReadOnlyList<AppFrame> Replayed)> ResumeAsync(NodTestHost host, long after)
    {
        var head = await host.Store.Events.GetHeadAsync().Within();
        await using var resumed = await host.Nod.ForUser("alice", "Alice").SubscribeAsync(after).Within();
        var replayed = new List<AppFrame>();
        for (var seq = after; seq < head;)
        {
            var next = await resumed.Subscription.NextAsync();
            replayed.Add((AppFrame)next.Frame);
            seq = next.Seq;
        }

        return (resumed.Snapshot, replayed);
    }

    /// <summary>A store over one that outlives it, refusing (as a failed write) the first change set it is given.</summary>
    private sealed class RefusingFirstCommitStore(INodStore inner) : DelegatingNodStore(inner, ownsInner: false)
    {
        private int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public override ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default) =>
            Interlocked.CompareExchange(ref _refused, 1, 0) == 0
                ? ValueTask.FromResult<IReadOnlyList<CommitOutcome>>([.. changeSets.Select(_ => CommitOutcome.Failed(new IOException("simulated write failure")))])
                : Inner.CommitAsync(changeSets, cancellationToken);
    }
}
