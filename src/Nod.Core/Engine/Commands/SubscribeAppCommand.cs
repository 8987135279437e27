using Nod.Fanout;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>
/// A user opens a live stream. Runs on the loop between publications, so the snapshot and the stream's starting
/// <c>seq</c> describe exactly the same moment: nothing is missed, nothing arrives twice.
/// </summary>
internal sealed class SubscribeAppCommand(string userId, long? after) : EngineCommand<(SnapshotFrame Snapshot, NodSubscription Subscription)>
{
    public override ValueTask ExecuteAsync(CommandContext context) => ValueTask.CompletedTask;

    protected override (SnapshotFrame Snapshot, NodSubscription Subscription) GetResult(CommandContext context)
    {
        var engine = context.Engine;
        var committed = engine.Committed;
        var agentIds = committed.Agents.Values.Where(a => a.IsVisibleTo(userId)).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var head = engine.Hub.LastPublishedSeq;
        var snapshot = new SnapshotFrame
        {
            Seq = head,
            PendingDecisions = [.. committed.Pending.Values.Where(d => agentIds.Contains(d.AgentId)).OrderBy(d => d.Seq)],
            Indicators = [.. committed.Indicators.Values
                .Where(i => agentIds.Contains(i.AgentId))
                .OrderBy(i => i.Since)
                .Select(i => new IndicatorSnapshot(i.AgentId, i.ConversationId, true, i.StatusText, i.Since))],
            Agents = [.. agentIds.Order(StringComparer.Ordinal).Select(id => new AgentPresence(id, committed.IsOnline(id)))],
        };

        // A resume position beyond the head (e.g. a stream of another store) starts from the head.
        var start = after is { } a && a < head ? a : head;
        var subscription = engine.Hub.SubscribeApp(userId, agentIds, start, replay: start < head);
        return (snapshot, subscription);
    }
}
