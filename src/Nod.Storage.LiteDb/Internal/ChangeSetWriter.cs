using LiteDB;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal;

/// <summary>
/// Applies one change set inside the caller's open LiteDB transaction: version checks, then <see cref="ChangeSet.Seal"/>
/// with the next free seq, then every write. A refused set writes nothing; an exception while writing leaves the
/// transaction half-written and must roll it back. The caller persists the head once per transaction.
/// </summary>
internal static class ChangeSetWriter
{
    /// <summary>Applies <paramref name="set"/>; on success <paramref name="head"/> has moved past its events (not yet written).</summary>
    public static CommitOutcome Apply(StoreCollections db, ChangeSet set, ref long head)
    {
        // Reads inside the transaction see the earlier sets of the same batch.
        var storedSeqs = set.Decisions.Count == 0 ? [] : new long[set.Decisions.Count];
        for (var i = 0; i < storedSeqs.Length; i++)
        {
            var write = set.Decisions[i];
            var doc = db.Decisions.FindById(write.Decision.Id);
            var stored = DecisionDocument.VersionOf(doc);
            if (stored != write.ExpectedVersion)
            {
                return CommitOutcome.Conflict($"decision {write.Decision.Id} is at version {stored}, not {write.ExpectedVersion}");
            }

            storedSeqs[i] = doc is null ? 0 : doc[DecisionDocument.Seq].AsInt64;
        }

        IReadOnlyList<NodEvent> events;
        try
        {
            events = set.Seal(head + 1);
        }
#pragma warning disable CA1031 // A set that cannot be sealed fails alone; nothing of it has been written yet.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return CommitOutcome.Failed(ex);
        }

        foreach (var agentId in set.DeletedAgents)
        {
            DeleteAgentData(db, agentId);
        }

        foreach (var taskId in set.DeletedTasks)
        {
            db.Tasks.Delete(taskId);
            db.Runs.DeleteMany(Query.EQ(RunDocument.Task, taskId));
        }

        foreach (var agent in set.Agents)
        {
            db.Agents.Upsert(AgentDocument.From(agent));
        }

        foreach (var task in set.Tasks)
        {
            db.Tasks.Upsert(TaskDocument.From(task));
        }

        foreach (var run in set.Runs)
        {
            db.Runs.Upsert(RunDocument.From(run));
        }

        foreach (var delivery in set.Deliveries)
        {
            db.Deliveries.Upsert(DeliveryDocument.From(delivery));
        }

        foreach (var conversation in set.Conversations)
        {
            db.Conversations.Upsert(ConversationDocument.From(conversation));
        }

        foreach (var message in set.Messages)
        {
            db.Messages.Insert(MessageDocument.From(message, db.MessageIds.KeyToStoreUnder(message.Id)));
        }

        for (var i = 0; i < set.Decisions.Count; i++)
        {
            // An update that does not know the seq (0) keeps the stored one: a decision stays where its creation put it.
            var decision = set.Decisions[i].Decision;
            if (decision.Seq == 0 && storedSeqs[i] != 0)
            {
                decision = decision with { Seq = storedSeqs[i] };
            }

            db.Decisions.Upsert(DecisionDocument.From(decision));
        }

        foreach (var ruleId in set.DeletedRules)
        {
            db.Rules.Delete(ruleId);
        }

        foreach (var rule in set.Rules)
        {
            db.Rules.Upsert(RuleDocument.From(rule));
        }

        if (set.PurgeIdempotencyBefore is { } cutOff)
        {
            db.Idempotency.DeleteMany(Query.LT(IdempotencyDocument.Expires, cutOff.UtcTicks));
        }

        foreach (var record in set.IdempotencyRecords)
        {
            db.Idempotency.Upsert(IdempotencyDocument.From(record));
        }

        foreach (var entry in set.Activity)
        {
            db.Activity.Insert(ActivityDocument.From(entry));
        }

        foreach (var e in events)
        {
            db.Events.Insert(EventDocument.From(e));
        }

        if (events.Count > 0)
        {
            head = events[^1].Seq;
        }

        return CommitOutcome.Committed;
    }

    /// <summary>The cascade of an agent deletion: everything of the agent, its earlier events of both audiences included.</summary>
    private static void DeleteAgentData(StoreCollections db, string agentId)
    {
        db.Agents.Delete(agentId);
        var conversationsOfAgent = Query.EQ(ConversationDocument.Agent, agentId);
        var conversationIds = db.Conversations.Find(conversationsOfAgent).Select(c => c["_id"].AsString).ToList();
        foreach (var conversationId in conversationIds)
        {
            // A message lives in a conversation of its agent: the (conversation, seq) range holds all of them.
            db.Messages.DeleteMany(Query.Between(MessageDocument.ConversationKey, SortKeys.First(conversationId), SortKeys.Last(conversationId)));
        }

        db.Conversations.DeleteMany(conversationsOfAgent);
        db.Decisions.DeleteMany(Query.Between(DecisionDocument.AgentKey, SortKeys.First(agentId), SortKeys.Last(agentId)));
        db.Rules.DeleteMany(Query.EQ(RuleDocument.Agent, agentId));
        db.Activity.DeleteMany(Query.Between(ActivityDocument.AgentKey, SortKeys.First(agentId), SortKeys.Last(agentId)));
        db.Idempotency.DeleteMany(Query.EQ(IdempotencyDocument.Agent, agentId));
        db.Tasks.DeleteMany(Query.EQ(TaskDocument.Agent, agentId));
        db.Runs.DeleteMany(Query.EQ(RunDocument.Agent, agentId));
        db.Deliveries.DeleteMany(Query.EQ(DeliveryDocument.Agent, agentId));
        foreach (var audience in (ReadOnlySpan<EventAudience>)[EventAudience.Agent, EventAudience.App])
        {
            var owner = SortKeys.Owner(audience, agentId);
            db.Events.DeleteMany(Query.Between(EventDocument.AudienceAgentKey, SortKeys.First(owner), SortKeys.Last(owner)));
        }
    }
}
