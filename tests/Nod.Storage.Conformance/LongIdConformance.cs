using System.Text;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>
/// Ids as long as <see cref="NodLimits.LargestMaxIdLength"/> lets a host allow, each character 3 bytes in UTF-8 (the
/// most a UTF-16 code unit takes): every record holding them commits, reads back, pages and is deleted. A store that
/// builds index keys from ids must size them for this.
/// </summary>
public abstract class LongIdConformance : StoreConformanceBase
{
    private const int Max = NodLimits.LargestMaxIdLength;

    /// <summary>Idempotency keys around the sizes a store may switch from keeping a key to hashing it.</summary>
    public static TheoryData<string> IdempotencyKeys() =>
    [
        new string('\u4e2d', 170) + "ab", // 512 bytes
        new string('\u4e2d', 171),        // 513 bytes
        new string('\u4e2d', 255),        // the longest key an agent may send, 765 bytes
    ];

    [Fact]
    public async Task EveryRecord_IdsOfLargestMaxIdLength_CommitAndReadBack()
    {
        var ids = new LongIds('\u4e00');
        var (agent, conversation, task, run) = Owners(ids);
        var message = Data.Message(conversation) with { Id = ids.Message, ReplyToId = ids.Message, TaskRunId = run.Id };
        var decision = Data.Decision(agent.Id, conversation.Id) with { Id = ids.Decision, TaskRunId = run.Id };
        var rule = Data.Rule(agent.Id) with { Id = ids.Rule };
        var activity = Data.Activity(agent.Id) with { Id = ids.Activity, TaskRunId = run.Id, DecisionId = decision.Id, MessageId = message.Id };
        var frame = Data.UserMessage(conversation.Id, ids.Event) with { MessageId = message.Id };
        var at = Data.Now();
        var delivery = new WebhookDelivery { EventId = ids.Event, AgentId = agent.Id, Type = frame.Type, Status = DeliveryStatus.Pending, NextAttemptAt = at, CreatedAt = at };

        var set = await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutConversation(conversation);
            s.AddMessage(message);
            s.CreateDecision(decision);
            s.PutRule(rule);
            s.AddActivity(activity);
            s.PutTask(task);
            s.PutRun(run);
            s.AppendEvent(frame, agent.Id, at);
            s.PutDelivery(delivery);
            s.AppendStatus(agent.Id, true, Data.Now());
        });

        long SeqOf(string type) => set.Events.Single(e => e.Type == type).Seq;
        StoreAssert.Same(agent, await Store.Agents.GetAsync(agent.Id).WithTimeout());
        StoreAssert.Same(conversation, await Store.Conversations.GetAsync(conversation.Id).WithTimeout());
        var storedMessage = message with { Seq = SeqOf(MessageCreatedFrame.TypeName) };
        StoreAssert.Same(storedMessage, await Store.Messages.GetAsync(message.Id).WithTimeout());
        StoreAssert.Same(new[] { storedMessage }, await Store.Messages.GetPageAsync(conversation.Id, null, All).WithTimeout());
        StoreAssert.Same(new[] { storedMessage }, await Store.Messages.GetPageAsync(conversation.Id, storedMessage.Seq + 1, All).WithTimeout());
        var storedDecision = decision with { Seq = SeqOf(DecisionCreatedFrame.TypeName), Version = 1 };
        StoreAssert.Same(storedDecision, await Store.Decisions.GetAsync(decision.Id).WithTimeout());
        StoreAssert.Same(new[] { storedDecision }, await Store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.All, null, null, All)).WithTimeout());
        StoreAssert.Same(new[] { storedDecision }, await Store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.All, null, storedDecision.Seq + 1, All)).WithTimeout());
        StoreAssert.Same(new[] { rule }, await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout());
        StoreAssert.Same(new[] { activity with { Seq = SeqOf(ActivityCreatedFrame.TypeName) } }, await Store.Activity.QueryAsync([agent.Id], null, All).WithTimeout());
        StoreAssert.Same(task, await Store.Tasks.GetAsync(task.Id).WithTimeout());
        StoreAssert.Same(run, await Store.Runs.GetAsync(run.Id).WithTimeout());
        StoreAssert.Same(new[] { run }, await Store.Runs.ListByTaskAsync(task.Id, All).WithTimeout());
        StoreAssert.Same(new[] { run }, await Store.Runs.ListRunningAsync().WithTimeout());
        StoreAssert.Same(set.Deliveries[0], await Store.Deliveries.GetAsync(delivery.EventId).WithTimeout());
        StoreAssert.Same(new[] { set.Deliveries[0] }, await Store.Deliveries.ListByAgentAsync(agent.Id, null, All).WithTimeout());
        Assert.Equal(set.Events.Select(e => e.Seq), (await AllEventsAsync(agent.Id)).Select(e => e.Seq));
        Assert.Equal(ids.Event, Assert.Single(await EventsAsync(EventAudience.Agent, agent.Id)).EventId);
    }

    [Theory]
    [MemberData(nameof(IdempotencyKeys))]
    public async Task PutIdempotency_AgentIdOfLargestMaxIdLengthAndLongKey_RoundTrips(string key)
    {
        var agent = Data.Agent(new LongIds('\u4e10').Agent);
        var at = Data.Now();
        var record = new IdempotencyRecord { AgentId = agent.Id, Key = key, Result = new AgentEventResult { MessageId = "msg_1" }, CreatedAt = at, ExpiresAt = at.AddHours(24) };

        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutIdempotency(record);
        });

        var stored = await Store.Idempotency.GetAsync(agent.Id, key).WithTimeout();
        Assert.NotNull(stored);
        Assert.Equal(key, stored.Key);
        Assert.Equal("msg_1", stored.Result.MessageId);
        Assert.Null(await Store.Idempotency.GetAsync(agent.Id, key[..^1]).WithTimeout());
    }

    [Fact]
    public async Task DeleteTaskAndAgent_IdsOfLargestMaxIdLength_RemoveOnlyTheirRecords()
    {
        var doomed = new LongIds('\u4e20');
        var kept = new LongIds('\u4e30');
        foreach (var ids in new[] { doomed, kept })
        {
            var (agent, conversation, task, run) = Owners(ids);
            await CommitOkAsync(s =>
            {
                s.PutAgent(agent);
                s.PutConversation(conversation);
                s.AddMessage(Data.MinimalMessage(conversation) with { Id = ids.Message });
                s.CreateDecision(Data.MinimalDecision(agent.Id, conversation.Id) with { Id = ids.Decision });
                s.PutRule(Data.Rule(agent.Id) with { Id = ids.Rule });
                s.AddActivity(Data.MinimalActivity(agent.Id) with { Id = ids.Activity });
                s.PutTask(task);
                s.PutRun(run);
            });
        }

        var before = await SnapshotOfAsync(kept);
        await CommitOkAsync(s => s.DeleteTask(doomed.Task));

        Assert.Null(await Store.Runs.GetAsync(doomed.Run).WithTimeout());
        Assert.Empty(await Store.Runs.ListByTaskAsync(doomed.Task, All).WithTimeout());

        await CommitOkAsync(s => s.DeleteAgent(doomed.Agent));

        Assert.Null(await Store.Agents.GetAsync(doomed.Agent).WithTimeout());
        Assert.Null(await Store.Conversations.GetAsync(doomed.Conversation).WithTimeout());
        Assert.Empty(await Store.Messages.GetPageAsync(doomed.Conversation, null, All).WithTimeout());
        Assert.Null(await Store.Decisions.GetAsync(doomed.Decision).WithTimeout());
        Assert.Empty(await Store.Rules.ListByAgentAsync(doomed.Agent).WithTimeout());
        Assert.Empty(await Store.Activity.QueryAsync([doomed.Agent], null, All).WithTimeout());
        Assert.Empty(await AllEventsAsync(doomed.Agent));
        Assert.Equal(before, await SnapshotOfAsync(kept));
    }

    /// <summary>An agent, a conversation, a task and a running run, every id (and the run's trigger event) long.</summary>
    private (AgentRecord Agent, ConversationRecord Conversation, TaskRecord Task, TaskRun Run) Owners(LongIds ids)
    {
        var agent = Data.Agent(ids.Agent) with { DefaultConversationId = ids.Conversation };
        var conversation = Data.Conversation(agent.Id) with { Id = ids.Conversation };
        var task = new TaskRecord
        {
            Id = ids.Task,
            AgentId = agent.Id,
            Name = "Digest",
            Prompt = "Summarize",
            Schedule = "event",
            TriggerType = TaskTriggerType.Event,
            TriggerId = "trg_" + new string('a', 32),
            CreatedAt = Data.Now(),
        };
        var run = new TaskRun
        {
            Id = ids.Run,
            TaskId = task.Id,
            AgentId = agent.Id,
            Status = TaskRunStatus.Running,
            TriggerEventId = ids.Event,
            StartedAt = Data.Now(),
            EventId = ids.Event,
        };
        return (agent, conversation, task, run);
    }

    /// <summary>What the store returns about the records of <paramref name="ids"/>, as text.</summary>
    private async Task<string> SnapshotOfAsync(LongIds ids)
    {
        var text = new StringBuilder();
        void Add(object? value) => text.Append(RecordText.Of(value)).Append('\n');
        Add(await Store.Agents.GetAsync(ids.Agent).WithTimeout());
        Add(await Store.Conversations.GetAsync(ids.Conversation).WithTimeout());
        Add(await Store.Messages.GetAsync(ids.Message).WithTimeout());
        Add(await Store.Messages.GetPageAsync(ids.Conversation, null, All).WithTimeout());
        Add(await Store.Decisions.GetAsync(ids.Decision).WithTimeout());
        Add(await Store.Rules.ListByAgentAsync(ids.Agent).WithTimeout());
        Add(await Store.Activity.QueryAsync([ids.Agent], null, All).WithTimeout());
        Add(await Store.Tasks.GetAsync(ids.Task).WithTimeout());
        Add(await Store.Runs.ListByTaskAsync(ids.Task, All).WithTimeout());
        Add((await AllEventsAsync(ids.Agent)).Select(e => (e.Seq, e.EventId, e.Type)));
        return text.ToString();
    }

    /// <summary>One id of each kind, <see cref="Max"/> 3-byte characters, all distinct: <paramref name="first"/> and the characters after it.</summary>
    private sealed class LongIds(char first)
    {
        public string Agent { get; } = Of(first, 0);

        public string Conversation { get; } = Of(first, 1);

        public string Message { get; } = Of(first, 2);

        public string Decision { get; } = Of(first, 3);

        public string Rule { get; } = Of(first, 4);

        public string Activity { get; } = Of(first, 5);

        public string Task { get; } = Of(first, 6);

        public string Run { get; } = Of(first, 7);

        public string Event { get; } = Of(first, 8);

        private static string Of(char first, int kind)
        {
            var id = new string((char)(first + kind), Max);
            Assert.Equal(3 * Max, Encoding.UTF8.GetByteCount(id));
            return id;
        }
    }
}
