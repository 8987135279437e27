using Microsoft.Extensions.DependencyInjection;
using Nod.Core.Tests.Infrastructure;
using Nod.Protocol;
using Nod.Storage;
using Nod.Storage.InMemory;
using static Nod.Core.Tests.Engine.EngineTestKit;

namespace Nod.Core.Tests.Engine;

/// <summary>
/// A person's app that resumes with <c>after</c> across a restart replays what happened before it: the replay must end
/// in the state the snapshot shows, so an agent that was online (or "Thinking…") when Nod stopped is offline (and its
/// bubble off) at the end of the replay too.
/// </summary>
public sealed class RestartResumeTests
{
    [Fact]
    public async Task Stop_WithAnAgentConnectedAndThinking_ResumedStreamEndsWithItOfflineAndTheBubbleOff()
    {
        var store = new InMemoryNodStore();
        string agentId;
        long missedFrom;
        await using (var before = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store)))
        {
            var (user, first, credentials) = await before.UserWithAgentAsync();
            agentId = first.AgentId;
            await first.DisposeAsync();
            await using (var stream = await user.SubscribeAsync().Within())
            {
                missedFrom = stream.Snapshot.Seq;
            }

            // The app is away while the agent connects again and starts working; then Nod stops with the agent still on.
            var agent = await before.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
            await agent.StartProcessingAsync("Running the tests").Within();
            await before.DisposeAsync();
            await agent.DisposeAsync();
        }

        await using var after = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store));
        var head = await after.Store.Events.GetHeadAsync().Within();
        await using var resumed = await after.Nod.ForUser("alice", "Alice").SubscribeAsync(missedFrom).Within();
        Assert.DoesNotContain(resumed.Snapshot.Agents, a => a.AgentId == agentId && a.Online);
        Assert.Empty(resumed.Snapshot.Indicators);

        var replayed = new List<AppFrame>();
        for (var seq = missedFrom; seq < head;)
        {
            var next = await resumed.Subscription.NextAsync();
            replayed.Add((AppFrame)next.Frame);
            seq = next.Seq;
        }

        Assert.Contains(replayed, f => f is AgentStatusFrame { Online: true });
        Assert.Contains(replayed, f => f is IndicatorChangedFrame { Active: true });
        Assert.False(replayed.OfType<AgentStatusFrame>().Last(f => f.AgentId == agentId).Online);
        Assert.False(replayed.OfType<IndicatorChangedFrame>().Last(f => f.AgentId == agentId).Active);
    }
}
