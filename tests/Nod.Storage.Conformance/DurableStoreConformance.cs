using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>
/// The durability tier, for stores that keep data across restarts: everything <see cref="INodStore.CommitAsync"/>
/// acknowledged is there after the store is disposed and opened again on the same backing data, <c>seq</c> goes on
/// without reuse, and the head never goes down.
/// </summary>
/// <remarks>Only durable stores derive from this class; every store derives from the other conformance classes.</remarks>
public abstract class DurableStoreConformance : StoreConformanceBase
{
    /// <summary>
    /// Opens and initializes a new store on the backing data (file, stream, database) of <paramref name="disposedStore"/>,
    /// which the suite has already disposed: the equivalent of a process restart.
    /// </summary>
    protected abstract Task<INodStore> ReopenAsync(INodStore disposedStore);

    /// <summary>Disposes <see cref="StoreConformanceBase.Store"/> and opens it again on the same data.</summary>
    protected Task RestartAsync() => ReplaceStoreAsync(ReopenAsync);

    [Fact]
    public async Task Reopen_EmptyStore_StaysEmptyWithHeadZero()
    {
        await RestartAsync();

        Assert.Equal(0, await Store.Events.GetHeadAsync().WithTimeout());
        Assert.Empty(await Store.Agents.ListAsync().WithTimeout());
        Assert.Empty(await Store.Conversations.ListAsync().WithTimeout());
        Assert.Empty(await Store.Rules.ListAsync().WithTimeout());
        Assert.Empty(await Store.Decisions.ListPendingAsync().WithTimeout());
    }

    [Fact]
    public async Task Reopen_AfterEveryKindOfWrite_EverythingAcknowledgedIsThere()
    {
        var (agent, conversation) = await RichAgentAsync();
        await RichAgentAsync();
        var minimal = Data.MinimalAgent();
        var minimalConversation = Data.MinimalConversation(minimal.Id);
        var message = Data.Message(conversation);
        await CommitOkAsync(
            ChangeSets.New(s =>
            {
                s.PutAgent(minimal);
                s.PutConversation(minimalConversation);
                s.AddMessage(Data.MinimalMessage(minimalConversation));
                s.CreateDecision(Data.MinimalDecision(minimal.Id));
                s.AddActivity(Data.MinimalActivity(minimal.Id));
            }),
            ChangeSets.New(s =>
            {
                s.PutAgent(agent with { Name = "replaced", LastSeenAt = Data.Now() });
                s.PutConversation(conversation with { LastMessageAt = Data.Now() });
                s.AddMessage(message);
            }));
        var before = await SnapshotAsync();

        await RestartAsync();

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal("replaced", (await Store.Agents.GetAsync(agent.Id).WithTimeout())?.Name);
        Assert.NotNull(await Store.Messages.GetAsync(message.Id).WithTimeout());
    }

    [Fact]
    public async Task Reopen_MessagesUnderMintedIds_AreFound_AndNewIdsDoNotRepeatThem()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var before = Enumerable.Range(0, 20).Select(i => Data.MinimalMessage(conversation, $"m{i}") with { Id = Store.Messages.NewMessageId() }).ToList();
        await CommitOkAsync(s => before.ForEach(s.AddMessage));

        await RestartAsync();

        foreach (var message in before)
        {
            Assert.Equal(message.Text, (await Store.Messages.GetAsync(message.Id).WithTimeout())?.Text);
        }

        var after = Enumerable.Range(0, 1_000).Select(_ => Store.Messages.NewMessageId()).ToList();
        Assert.Empty(after.Intersect(before.Select(m => m.Id), StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reopen_EveryFieldOfEveryRecord_RoundTrips()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var message = Data.Message(conversation);
        var entry = Data.Activity(agent.Id);
        var rule = Data.Rule(agent.Id);
        var decision = Data.Decision(agent.Id, conversation.Id);
        var set = await CommitOkAsync(s =>
        {
            s.AddMessage(message);
            s.AddActivity(entry);
            s.PutRule(rule);
            s.CreateDecision(decision);
        });
        var resolved = Data.Resolved(decision with { Seq = set.Events[2].Seq, Version = 1 });
        await CommitOkAsync(s => s.ResolveDecision(resolved, 1));

        await RestartAsync();

        StoreAssert.Same(agent, await Store.Agents.GetAsync(agent.Id).WithTimeout());
        StoreAssert.Same(conversation, await Store.Conversations.GetAsync(conversation.Id).WithTimeout());
        StoreAssert.Same(message with { Seq = set.Events[0].Seq }, await Store.Messages.GetAsync(message.Id).WithTimeout());
        StoreAssert.Same(new[] { entry with { Seq = set.Events[1].Seq } }, await Store.Activity.QueryAsync([agent.Id], null, 50).WithTimeout());
        StoreAssert.Same(new[] { rule }, await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout());
        StoreAssert.Same(resolved with { Version = 2 }, await Store.Decisions.GetAsync(decision.Id).WithTimeout());
    }

    [Fact]
    public async Task Reopen_Events_SameFieldsPayloadBytesAndFrames()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var decision = Data.Decision(agent.Id, conversation.Id);
        var first = await CommitOkAsync(s =>
        {
            s.AddMessage(Data.Message(conversation));
            s.AppendEvent(Data.UserMessage(conversation.Id, "evt_00000000000000cd"), agent.Id, Data.Now());
            s.CreateDecision(decision);
            s.AddActivity(Data.Activity(agent.Id));
            s.AppendStatus(agent.Id, true, Data.Now());
        });
        var second = await CommitOkAsync(s => s.ResolveDecision(Data.Resolved(decision with { Seq = first.Events[2].Seq, Version = 1 }), 1));
        var written = first.Events.Concat(second.Events).ToList();

        await RestartAsync();

        var read = await AllEventsAsync(agent.Id);
        StoreAssert.Same(written, read);
        for (var i = 0; i < written.Count; i++)
        {
            Assert.True(written[i].Payload.Span.SequenceEqual(read[i].Payload.Span), $"payload of event {read[i].Seq} changed");
            Assert.Equal(written[i].Frame.GetType(), read[i].Frame.GetType());
            Assert.Equal(StoreAssert.Json(written[i].Frame), StoreAssert.Json(read[i].Frame));
        }

        Assert.Equal("evt_00000000000000cd", read[1].EventId);
    }

    [Fact]
    public async Task Reopen_ThenCommit_SeqContinuesAboveTheOldHead()
    {
        var (agent, _) = await RichAgentAsync();
        var head = await Store.Events.GetHeadAsync().WithTimeout();

        await RestartAsync();
        Assert.Equal(head, await Store.Events.GetHeadAsync().WithTimeout());
        var next = await CommitOkAsync(s => s.AppendStatus(agent.Id, false, Data.Now()));

        Assert.True(next.Events[0].Seq > head, $"seq {next.Events[0].Seq} reused after reopen (head was {head})");
        Assert.Equal(next.Events[0].Seq, await Store.Events.GetHeadAsync().WithTimeout());
        StoreAssert.StrictlyIncreasing((await AllEventsAsync(agent.Id)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Reopen_AfterDeletingTheAgentWithTheNewestEvents_HeadPreservedAndSeqNotReused()
    {
        var kept = Data.Agent();
        await CommitOkAsync(s =>
        {
            s.PutAgent(kept);
            s.AppendStatus(kept.Id, true, Data.Now());
        });
        var (doomed, _) = await RichAgentAsync();
        var head = await Store.Events.GetHeadAsync().WithTimeout();
        await CommitOkAsync(s => s.DeleteAgent(doomed.Id));

        await RestartAsync();

        Assert.Equal(head, await Store.Events.GetHeadAsync().WithTimeout());
        var next = await CommitOkAsync(s => s.AppendStatus(kept.Id, false, Data.Now()));
        Assert.True(next.Events[0].Seq > head, $"seq {next.Events[0].Seq} reuses a seq of the deleted agent's events (head was {head})");
    }

    [Fact]
    public async Task Reopen_DecisionVersions_StillEnforced()
    {
        var agent = Data.Agent();
        var decision = Data.MinimalDecision(agent.Id);
        var created = await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.CreateDecision(decision);
        });
        var stored = decision with { Seq = created.Events[0].Seq, Version = 1 };

        await RestartAsync();
        var duplicate = await CommitAsync(ChangeSets.New(s => s.CreateDecision(decision)));
        var resolved = await CommitAsync(ChangeSets.New(s => s.ResolveDecision(Data.Resolved(stored), 1)));
        await RestartAsync();
        var stale = await CommitAsync(ChangeSets.New(s => s.ResolveDecision(Data.Resolved(stored, DecisionStatus.Rejected), 1)));

        Assert.Equal(CommitStatus.Conflict, Assert.Single(duplicate).Status);
        Assert.Equal(CommitStatus.Committed, Assert.Single(resolved).Status);
        Assert.Equal(CommitStatus.Conflict, Assert.Single(stale).Status);
        var final = await Store.Decisions.GetAsync(decision.Id).WithTimeout();
        Assert.Equal(2, final!.Version);
        Assert.Equal(DecisionStatus.Approved, final.Status);
    }

    [Fact]
    public async Task Reopen_DeletedAgentAndRule_StayDeleted()
    {
        var (doomed, _) = await RichAgentAsync();
        var (kept, _) = await RichAgentAsync();
        var rule = (await Store.Rules.ListByAgentAsync(kept.Id).WithTimeout())[0];
        await CommitOkAsync(s =>
        {
            s.DeleteAgent(doomed.Id);
            s.DeleteRule(rule.Id);
        });
        var before = await SnapshotAsync();

        await RestartAsync();

        Assert.Equal(before, await SnapshotAsync());
        Assert.Null(await Store.Agents.GetAsync(doomed.Id).WithTimeout());
        Assert.Empty(await AllEventsAsync(doomed.Id));
        Assert.DoesNotContain(await Store.Rules.ListAsync().WithTimeout(), r => r.Id == rule.Id);
    }

    [Fact]
    public async Task Reopen_RefusedSetOfAnEarlierBatch_NeverAppears()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var decision = Data.MinimalDecision(agent.Id);
        await CommitOkAsync(s => s.CreateDecision(decision));
        var ghost = Data.MinimalMessage(conversation, "ghost");
        var outcomes = await CommitAsync(
            ChangeSets.New(s => s.AppendStatus(agent.Id, true, Data.Now())),
            ChangeSets.New(s =>
            {
                s.AddMessage(ghost);
                s.CreateDecision(decision);
            }));
        Assert.Equal([CommitStatus.Committed, CommitStatus.Conflict], outcomes.Select(o => o.Status));
        var before = await SnapshotAsync();

        await RestartAsync();

        Assert.Equal(before, await SnapshotAsync());
        Assert.Null(await Store.Messages.GetAsync(ghost.Id).WithTimeout());
    }

    [Fact]
    public async Task Reopen_SeveralTimesWithWritesBetween_EverythingThereAndSeqStrictlyIncreasing()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var written = new List<Message>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                var message = Data.MinimalMessage(conversation, $"round {round} message {i}");
                var set = await CommitOkAsync(s =>
                {
                    s.AddMessage(message);
                    s.AddActivity(Data.MinimalActivity(agent.Id));
                });
                written.Add(message with { Seq = set.Events[0].Seq });
            }

            await RestartAsync();
        }

        StoreAssert.StrictlyIncreasing(written.Select(m => m.Seq));
        StoreAssert.Same(written.AsEnumerable().Reverse(), await Store.Messages.GetPageAsync(conversation.Id, null, 50).WithTimeout());
        Assert.Equal(9, (await Store.Activity.QueryAsync([agent.Id], null, 50).WithTimeout()).Count);
        Assert.Equal(written[^1].Seq + 1, (await AllEventsAsync(agent.Id))[^1].Seq);
    }

    [Fact]
    public async Task Reopen_IdempotencyRecords_SurviveAndPurgesStick()
    {
        var agent = Data.Agent();
        var at = Data.Now();
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutIdempotency(new IdempotencyRecord { AgentId = agent.Id, Key = "kept", Result = new AgentEventResult { MessageId = "msg_1" }, CreatedAt = at, ExpiresAt = at.AddDays(1) });
            s.PutIdempotency(new IdempotencyRecord { AgentId = agent.Id, Key = "purged", Result = AgentEventResult.Ok, CreatedAt = at, ExpiresAt = at.AddMinutes(1) });
        });
        await CommitOkAsync(s => s.PurgeIdempotency(at.AddHours(1)));

        await RestartAsync();

        Assert.Equal("msg_1", (await Store.Idempotency.GetAsync(agent.Id, "kept").WithTimeout())?.Result.MessageId);
        Assert.Null(await Store.Idempotency.GetAsync(agent.Id, "purged").WithTimeout());
    }

    [Fact]
    public async Task Reopen_TasksAndRuns_SurviveWithEveryField()
    {
        var agent = Data.Agent();
        var at = Data.Now();
        var task = new TaskRecord
        {
            Id = Data.NewId("tsk"), AgentId = agent.Id, Name = "digest", Prompt = "p", Schedule = "event", TriggerType = TaskTriggerType.Event,
            Timezone = "Europe/Berlin", NextRunAt = at, TriggerId = "trg_" + new string('b', 32), CreatedBy = TaskCreator.User, CreatedAt = at,
        };
        var run = new TaskRun
        {
            Id = Data.NewId("run"), TaskId = task.Id, AgentId = agent.Id, StartedAt = at, EventId = Data.NewId("evt"), TriggerEventId = "evt_1",
            TriggerPayload = "\"plain text\"", Delivered = false, TimeoutAt = null,
        };
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutTask(task);
            s.PutRun(run);
        });

        await RestartAsync();

        StoreAssert.Same(task, await Store.Tasks.GetAsync(task.Id).WithTimeout());
        StoreAssert.Same(run, await Store.Runs.GetAsync(run.Id).WithTimeout());
        StoreAssert.Same(new[] { run }, await Store.Runs.ListRunningAsync().WithTimeout());
    }

    [Fact]
    public async Task Reopen_PendingDeliveries_AreStillPendingWithTheirPayload()
    {
        var agent = Data.Agent();
        var at = Data.Now();
        var delivery = new WebhookDelivery
        {
            EventId = Data.NewId("evt"), AgentId = agent.Id, Type = "user_message", Status = DeliveryStatus.Pending, Attempts = 1,
            LastStatusCode = 500, LastError = "HTTP 500", NextAttemptAt = at.AddSeconds(5), CreatedAt = at, RetryNum = 1, RetryReason = "http_500",
            Payload = "{\"type\":\"user_message\"}"u8.ToArray(), Seq = 7,
        };
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutDelivery(delivery);
        });

        await RestartAsync();

        StoreAssert.Same(new[] { delivery }, await Store.Deliveries.ListPendingAsync().WithTimeout());
    }
}
