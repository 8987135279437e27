using System.Diagnostics;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage.LiteDb.Tests.Infrastructure;

namespace Nod.Storage.LiteDb.Tests.Durability;

/// <summary>
/// A child process writes through Nod on a LiteDB file (an agent's messages and decisions, a person's messages and
/// resolutions), printing each item once it is acknowledged; it is killed with SIGKILL at a random moment, again and
/// again on the same file. After every kill the file must open cleanly with every acknowledged item in it exactly
/// once, and nothing half-written: every message and decision with the event that announced it, and the reverse.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Kills = 24;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(150);

    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task KilledAtRandomMoments_EveryAcknowledgedItemThereOnceAndNothingHalfWritten()
    {
        var path = _directory.File();
        var random = new Random(Environment.TickCount);
        var acknowledged = new Acknowledged();
        var clock = Stopwatch.StartNew();
        var kills = 0;
        while (kills < Kills)
        {
            Assert.True(clock.Elapsed < Budget, $"only {kills} kills in {Budget}");
            // Half the runs are killed by the test after a random number of acknowledgements and a random few ms; the
            // other half kill themselves right after a random acknowledgement, the moment an early acknowledgement shows.
            var selfKill = kills % 2 == 1;
            var target = random.Next(selfKill ? 1 : 0, 60);
            await using (var child = CrashTargetProcess.Start("run", path, selfKill ? target : null))
            {
                await child.WaitForLineAsync(line => line == "READY");
                var seen = 0;
                if (target > 0)
                {
                    await child.WaitForLineAsync(line =>
                    {
                        acknowledged.Add(line);
                        return ++seen >= target;
                    });
                }

                if (!selfKill)
                {
                    await Task.Delay(random.Next(0, 15));
                }

                await child.KillAsync();
                while (child.Lines.TryRead(out var line))
                {
                    acknowledged.Add(line);
                }
            }

            kills++;
            await VerifyAsync(path, acknowledged, $"after kill {kills}");
        }

        Assert.True(acknowledged.Messages.Count > 100, $"only {acknowledged.Messages.Count} messages acknowledged in {Kills} runs: the test did not exercise much");
        Assert.True(acknowledged.Decisions.Count > 10);
    }

    public void Dispose() => _directory.Dispose();

    private static async Task VerifyAsync(string path, Acknowledged acknowledged, string when)
    {
        var store = await LiteDbStores.OnFileAsync(path);
        try
        {
            var head = await store.Events.GetHeadAsync().Within();
            var agents = await store.Agents.ListAsync().Within();
            var agentIds = agents.Select(a => a.Id).ToArray();
            Assert.True(acknowledged.Agents.All(agentIds.Contains), $"{when}: an acknowledged agent is missing");

            var app = await ReadAllAsync(store, EventAudience.App, agentIds);
            var agentEvents = await ReadAllAsync(store, EventAudience.Agent, agentIds);
            Assert.True(app.Concat(agentEvents).All(e => e.Seq <= head), $"{when}: an event above the head {head}");
            StoreAssertSeqUnique(app.Concat(agentEvents), when);
            var messageEvents = app.Where(e => e.Type == MessageCreatedFrame.TypeName)
                .ToDictionary(e => ((MessageCreatedFrame)e.Frame).Message.Id, StringComparer.Ordinal);
            var decisionEvents = app.Where(e => e.Type == DecisionCreatedFrame.TypeName)
                .ToDictionary(e => ((DecisionCreatedFrame)e.Frame).Decision.Id, StringComparer.Ordinal);
            var resolvedEvents = agentEvents.Where(e => e.Type == DecisionResolvedFrame.TypeName)
                .GroupBy(e => ((DecisionResolvedFrame)e.Frame).DecisionId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

            // Every stored message is in its conversation's history exactly once, with the event that announced it.
            var stored = new Dictionary<string, Message>(StringComparer.Ordinal);
            foreach (var conversation in await store.Conversations.ListAsync().Within())
            {
                var history = await store.Messages.GetPageAsync(conversation.Id, null, 1_000_000).Within();
                foreach (var message in history)
                {
                    Assert.True(stored.TryAdd(message.Id, message), $"{when}: message {message.Id} appears twice");
                    Assert.True(messageEvents.TryGetValue(message.Id, out var announced), $"{when}: message {message.Id} without its message_created event");
                    Assert.Equal(message.Seq, announced.Seq);
                }
            }

            Assert.True(messageEvents.Keys.All(stored.ContainsKey), $"{when}: a message_created event without its message");
            foreach (var id in acknowledged.Messages)
            {
                Assert.True(stored.ContainsKey(id), $"{when}: acknowledged message {id} is missing");
            }

            foreach (var id in acknowledged.Decisions)
            {
                var decision = await store.Decisions.GetAsync(id).Within();
                Assert.True(decision is not null, $"{when}: acknowledged decision {id} is missing");
                Assert.True(decisionEvents.TryGetValue(id, out var announced), $"{when}: decision {id} without its decision_created event");
                Assert.Equal(decision.Seq, announced.Seq);
            }

            foreach (var (id, status) in acknowledged.Resolutions)
            {
                var decision = await store.Decisions.GetAsync(id).Within();
                Assert.Equal(status, decision?.Status.ToString());
            }

            // Every stored decision has its creation event; a resolved one has exactly one decision_resolved for its agent.
            foreach (var id in decisionEvents.Keys)
            {
                var decision = await store.Decisions.GetAsync(id).Within();
                Assert.True(decision is not null, $"{when}: a decision_created event without its decision {id}");
                var resolutions = resolvedEvents.GetValueOrDefault(id);
                Assert.True(decision.IsPending ? resolutions == 0 : resolutions == 1, $"{when}: decision {id} is {decision.Status} with {resolutions} decision_resolved events");
            }

            // Every activity entry with the activity_created event that announced it, and the reverse.
            var activityEvents = app.Where(e => e.Type == ActivityCreatedFrame.TypeName).ToDictionary(e => e.Seq);
            var activity = await store.Activity.QueryAsync(agentIds, null, 1_000_000).Within();
            Assert.All(activity, a => Assert.True(
                activityEvents.TryGetValue(a.Seq, out var announced) && ((ActivityCreatedFrame)announced.Frame).Activity.Id == a.Id,
                $"{when}: activity {a.Id} without its activity_created event"));
            Assert.Equal(activityEvents.Count, activity.Count);

            var pending = await store.Decisions.ListPendingAsync().Within();
            Assert.All(pending, d => Assert.True(decisionEvents.ContainsKey(d.Id)));
        }
        finally
        {
            await store.DisposeAsync().Within();
        }
    }

    private static void StoreAssertSeqUnique(IEnumerable<NodEvent> events, string when)
    {
        var seqs = events.Select(e => e.Seq).ToList();
        Assert.True(seqs.Count == seqs.Distinct().Count(), $"{when}: a seq is used twice");
    }

    private static async Task<List<NodEvent>> ReadAllAsync(INodStore store, EventAudience audience, string[] agentIds)
    {
        var all = new List<NodEvent>();
        long after = 0;
        while (true)
        {
            var page = await store.Events.ReadAsync(new EventLogQuery(after, audience, agentIds, 5_000)).Within();
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
            after = page[^1].Seq;
        }
    }

    /// <summary>What the children acknowledged, across every run.</summary>
    private sealed class Acknowledged
    {
        public List<string> Agents { get; } = [];

        public List<string> Messages { get; } = [];

        public List<string> Decisions { get; } = [];

        public List<(string Id, string Status)> Resolutions { get; } = [];

        public int Count => Agents.Count + Messages.Count + Decisions.Count + Resolutions.Count;

        public void Add(string line)
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "AGENT" when parts.Length == 3:
                    Agents.Add(parts[1]);
                    break;
                case "M" when parts.Length == 2:
                    Messages.Add(parts[1]);
                    break;
                case "D" when parts.Length == 2:
                    Decisions.Add(parts[1]);
                    break;
                case "R" when parts.Length == 3:
                    Resolutions.Add((parts[1], parts[2]));
                    break;
                case "READY":
                    break;
                default:
                    throw new InvalidOperationException($"unexpected line from the crash target: '{line}'");
            }
        }
    }
}
