using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage.LiteDb.Tests.Infrastructure;

namespace Nod.Storage.LiteDb.Tests.Hosting;

/// <summary>
/// A host killed (SIGKILL) with an agent online and its bubble on never logged them going off. The next host on the same
/// file logs it at start-up, so a person's app that resumes with <c>after</c> replays to the state its snapshot shows;
/// the start after that (the host stopped gracefully in between) logs nothing more.
/// </summary>
public sealed class CrashResumeTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Killed_WithAnAgentOnlineAndThinking_NextStartLogsBothOff_AndOnlyOnce()
    {
        var path = _directory.File();
        string agentId, conversationId;
        long seenSeq;
        await using (var child = CrashTargetProcess.Start("presence", path))
        {
            var on = (await child.WaitForLineAsync(line => line.StartsWith("ON ", StringComparison.Ordinal))).Split(' ');
            (agentId, conversationId, seenSeq) = (on[1], on[2], long.Parse(on[3], CultureInfo.InvariantCulture));
            await child.KillAsync();
        }

        var time = new FakeTimeProvider(LiteDbTestHost.Epoch);
        long head;
        await using (var host = await LiteDbTestHost.StartAsync(path, time))
        {
            head = await host.Store.Events.GetHeadAsync().Within();
            await using var resumed = await host.Nod.ForUser("alice", "Alice").SubscribeAsync(seenSeq).Within();
            Assert.DoesNotContain(resumed.Snapshot.Agents, a => a.AgentId == agentId && a.Online);
            Assert.Empty(resumed.Snapshot.Indicators);

            var replayed = new List<AppFrame>();
            for (var seq = seenSeq; seq < head;)
            {
                var next = await resumed.Subscription.NextAsync();
                replayed.Add((AppFrame)next.Frame);
                seq = next.Seq;
            }

            Assert.Equal([true, false], replayed.OfType<AgentStatusFrame>().Select(f => f.Online));
            var bubbles = replayed.OfType<IndicatorChangedFrame>().ToList();
            Assert.Equal([true, false], bubbles.Select(f => f.Active));
            Assert.Equal(conversationId, bubbles[1].ConversationId);
            Assert.Equal(IndicatorReason.Disconnected, bubbles[1].Reason);
        }

        await using (var again = await LiteDbTestHost.StartAsync(path, time))
        {
            Assert.Equal(head, await again.Store.Events.GetHeadAsync().Within());
        }
    }

    public void Dispose() => _directory.Dispose();
}
