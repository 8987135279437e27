using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>
/// The contract of <see cref="INodStore.CommitAsync"/>: one outcome per set, sets atomic and in order, seq given by
/// the store, version checks, agent deletion cascades, and reads running while commits do.
/// </summary>
public abstract class CommitConformance : StoreConformanceBase
{
    [Fact]
    public async Task CommitAsync_NoSets_ReturnsNoOutcomes()
    {
        Assert.Empty(await CommitAsync());
        Assert.Equal(0, await Store.Events.GetHeadAsync().WithTimeout());
    }

    [Fact]
    public async Task CommitAsync_SeveralSets_OneCommittedOutcomePerSetInOrder()
    {
        var agent = Data.Agent();
        var sets = new[]
        {
            ChangeSets.New(s => s.PutAgent(agent)),
            ChangeSets.New(s => s.AppendStatus(agent.Id, true, Data.Now())),
            new ChangeSet(),
            ChangeSets.New(s => s.AddActivity(Data.MinimalActivity(agent.Id))),
        };

        var outcomes = await CommitAsync(sets);

        Assert.Equal(4, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(CommitStatus.Committed, o.Status));
        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.True(sets[1].Events[0].Seq < sets[3].Events[0].Seq);
    }

    [Fact]
    public async Task CommitAsync_EventsInOneSet_ConsecutiveSeqInAppendOrder()
    {
        var (agent, conversation) = await AgentWithConversationAsync();

        var set = await CommitOkAsync(s =>
        {
            s.AddMessage(Data.MinimalMessage(conversation));
            s.AppendEvent(Data.UserMessage(conversation.Id), agent.Id, Data.Now());
            s.AddActivity(Data.MinimalActivity(agent.Id));
            s.AppendStatus(agent.Id, true, Data.Now());
        });

        var seqs = set.Events.Select(e => e.Seq).ToList();
        Assert.Equal(Enumerable.Range(0, 4).Select(i => seqs[0] + i), seqs);
        Assert.Equal(
            [MessageCreatedFrame.TypeName, UserMessageFrame.TypeName, ActivityCreatedFrame.TypeName, AgentStatusFrame.TypeName],
            set.Events.Select(e => e.Type));
        Assert.Equal(seqs, (await AllEventsAsync(agent.Id)).Select(e => e.Seq));
    }

    [Fact]
    public async Task CommitAsync_ManySetsAndCommits_SeqStrictlyIncreasingAndHeadIsTheLast()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var sealedEvents = new List<NodEvent>();
        for (var commit = 0; commit < 5; commit++)
        {
            var sets = Enumerable.Range(0, commit + 1).Select(i => ChangeSets.New(s =>
            {
                for (var n = 0; n <= i; n++)
                {
                    s.AddMessage(Data.MinimalMessage(conversation));
                }

                s.AppendStatus(agent.Id, true, Data.Now());
            })).ToArray();
            await CommitOkAsync(sets);
            sealedEvents.AddRange(sets.SelectMany(s => s.Events));
            Assert.Equal(sealedEvents[^1].Seq, await Store.Events.GetHeadAsync().WithTimeout());
        }

        StoreAssert.StrictlyIncreasing(sealedEvents.Select(e => e.Seq));
        StoreAssert.Same(sealedEvents, await EventsAsync(EventAudience.App, agent.Id));
    }

    [Fact]
    public async Task CommitAsync_AfterCommit_ChangeSetEventsAreWhatTheLogHolds()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var first = ChangeSets.New(s => s.AddMessage(Data.Message(conversation)));
        var second = ChangeSets.New(s =>
        {
            s.AppendEvent(Data.UserMessage(conversation.Id), agent.Id, Data.Now());
            s.AddActivity(Data.Activity(agent.Id));
        });

        await CommitOkAsync(first, second);

        StoreAssert.Same(first.Events.Concat(second.Events), await AllEventsAsync(agent.Id));
        Assert.All(first.Events.Concat(second.Events), e => Assert.Equal(e.Seq, e.Frame.Seq));
    }

    [Fact]
    public async Task CommitAsync_Seal_StampsMessagesActivityAndNewDecisionsWithTheirEventSeq()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var message = Data.Message(conversation);
        var entry = Data.Activity(agent.Id);
        var decision = Data.Decision(agent.Id, conversation.Id);
        var secondMessage = Data.MinimalMessage(conversation);

        var set = await CommitOkAsync(s =>
        {
            s.AppendStatus(agent.Id, true, Data.Now());
            s.AddMessage(message);
            s.AddActivity(entry);
            s.CreateDecision(decision);
            s.AddMessage(secondMessage);
        });

        long SeqOf(string type, int nth = 0) => set.Events.Where(e => e.Type == type).ElementAt(nth).Seq;
        Assert.Equal(SeqOf(MessageCreatedFrame.TypeName), (await Store.Messages.GetAsync(message.Id).WithTimeout())!.Seq);
        Assert.Equal(SeqOf(MessageCreatedFrame.TypeName, 1), (await Store.Messages.GetAsync(secondMessage.Id).WithTimeout())!.Seq);
        Assert.Equal(SeqOf(ActivityCreatedFrame.TypeName), Assert.Single(await Store.Activity.QueryAsync([agent.Id], null, 50).WithTimeout()).Seq);
        Assert.Equal(SeqOf(DecisionCreatedFrame.TypeName), (await Store.Decisions.GetAsync(decision.Id).WithTimeout())!.Seq);
        foreach (var e in await AllEventsAsync(agent.Id))
        {
            switch (e.Frame)
            {
                case MessageCreatedFrame m:
                    Assert.Equal(e.Seq, m.Message.Seq);
                    break;
                case ActivityCreatedFrame a:
                    Assert.Equal(e.Seq, a.Activity.Seq);
                    break;
                case DecisionCreatedFrame d:
                    Assert.Equal(e.Seq, d.Decision.Seq);
                    break;
            }
        }
    }

    [Fact]
    public async Task CommitAsync_StaleDecisionVersion_ConflictNothingOfTheSetVisibleOtherSetsCommitted()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var (bystander, bystanderConversation) = await AgentWithConversationAsync();
        var decision = Data.Decision(agent.Id, conversation.Id);
        var doomedRule = Data.Rule(agent.Id);
        await CommitOkAsync(s =>
        {
            s.CreateDecision(decision);
            s.PutRule(doomedRule);
        });
        await CommitOkAsync(s => s.ResolveDecision(Data.Resolved(decision with { Version = 1 }), 1));
        var newAgent = Data.Agent();
        var touched = new[] { agent.Id, newAgent.Id };
        var before = await SnapshotAsync(agentIds: touched, includeHead: false);
        var headBefore = await Store.Events.GetHeadAsync().WithTimeout();
        var firstMessage = Data.MinimalMessage(bystanderConversation, "first");
        var lastMessage = Data.MinimalMessage(bystanderConversation, "last");
        var first = ChangeSets.New(s => s.AddMessage(firstMessage));
        var refused = ChangeSets.New(s =>
        {
            s.PutAgent(newAgent);
            s.PutAgent(agent with { Name = "changed" });
            s.PutConversation(Data.Conversation(newAgent.Id));
            s.PutConversation(conversation with { Title = "changed" });
            s.AddMessage(Data.Message(conversation));
            s.AddActivity(Data.Activity(agent.Id));
            s.PutRule(Data.Rule(agent.Id));
            s.DeleteRule(doomedRule.Id);
            s.AppendEvent(Data.UserMessage(conversation.Id), agent.Id, Data.Now());
            s.AppendStatus(newAgent.Id, true, Data.Now());
            s.CreateDecision(Data.Decision(agent.Id, null));
            s.ResolveDecision(Data.Resolved(decision with { Version = 1 }, DecisionStatus.Rejected), 1);
        });
        var last = ChangeSets.New(s => s.AddMessage(lastMessage));

        var outcomes = await CommitAsync(first, refused, last);

        Assert.Equal([CommitStatus.Committed, CommitStatus.Conflict, CommitStatus.Committed], outcomes.Select(o => o.Status));
        Assert.NotNull(outcomes[1].Error);
        Assert.Equal(before, await SnapshotAsync(agentIds: touched, includeHead: false));
        var firstSeq = first.Events[0].Seq;
        var lastSeq = last.Events[0].Seq;
        Assert.True(firstSeq > headBefore);
        Assert.True(lastSeq > firstSeq);
        Assert.Equal(lastSeq, await Store.Events.GetHeadAsync().WithTimeout());
        StoreAssert.Same(
            new[] { lastMessage with { Seq = lastSeq }, firstMessage with { Seq = firstSeq } },
            await Store.Messages.GetPageAsync(bystanderConversation.Id, null, 50).WithTimeout());
        StoreAssert.Same(first.Events.Concat(last.Events), await AllEventsAsync(bystander.Id));
    }

    [Fact]
    public async Task CommitAsync_CreatingAnExistingDecision_Conflict()
    {
        var agent = Data.Agent();
        var decision = Data.MinimalDecision(agent.Id);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.CreateDecision(decision);
        });
        var before = await SnapshotAsync();

        var outcomes = await CommitAsync(ChangeSets.New(s =>
        {
            s.AddActivity(Data.MinimalActivity(agent.Id));
            s.CreateDecision(decision with { Title = "again" });
        }));

        Assert.Equal(CommitStatus.Conflict, Assert.Single(outcomes).Status);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task CommitAsync_UpdatingAMissingDecision_Conflict()
    {
        var agent = Data.Agent();
        await CommitOkAsync(s => s.PutAgent(agent));
        var before = await SnapshotAsync();
        var ghost = Data.MinimalDecision(agent.Id);

        var outcomes = await CommitAsync(ChangeSets.New(s =>
        {
            s.AppendStatus(agent.Id, true, Data.Now());
            s.ResolveDecision(Data.Resolved(ghost), 1);
        }));

        Assert.Equal(CommitStatus.Conflict, Assert.Single(outcomes).Status);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task CommitAsync_FutureDecisionVersion_Conflict()
    {
        var agent = Data.Agent();
        var decision = Data.MinimalDecision(agent.Id);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.CreateDecision(decision);
        });
        var before = await SnapshotAsync();

        var outcomes = await CommitAsync(ChangeSets.New(s => s.ResolveDecision(Data.Resolved(decision), 2)));

        Assert.Equal(CommitStatus.Conflict, Assert.Single(outcomes).Status);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task CommitAsync_TwoResolutionsInOneBatch_SecondSeesTheFirstAndConflicts()
    {
        var agent = Data.Agent();
        var decision = Data.MinimalDecision(agent.Id);
        var created = await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.CreateDecision(decision);
        });
        var stored = decision with { Seq = created.Events[0].Seq, Version = 1 };
        var approved = Data.Resolved(stored);
        var rejected = Data.Resolved(stored, DecisionStatus.Rejected);

        var outcomes = await CommitAsync(
            ChangeSets.New(s => s.ResolveDecision(approved, 1)),
            ChangeSets.New(s => s.ResolveDecision(rejected, 1)),
            ChangeSets.New(s => s.ResolveDecision(rejected with { Note = "on top" }, 2)));

        Assert.Equal([CommitStatus.Committed, CommitStatus.Conflict, CommitStatus.Committed], outcomes.Select(o => o.Status));
        var final = await Store.Decisions.GetAsync(decision.Id).WithTimeout();
        Assert.Equal(3, final!.Version);
        Assert.Equal("on top", final.Note);
        Assert.Equal(stored.Seq, final.Seq);
        var resolvedEvents = await EventsAsync(EventAudience.Agent, agent.Id);
        Assert.Equal(2, resolvedEvents.Count);
        Assert.Equal(DecisionStatus.Approved, Assert.IsType<DecisionResolvedFrame>(resolvedEvents[0].Frame).Status);
    }

    [Fact]
    public async Task CommitAsync_SecondResolutionInALaterCommit_ConflictAndFirstResolutionStays()
    {
        var agent = Data.Agent();
        var decision = Data.MinimalDecision(agent.Id);
        var created = await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.CreateDecision(decision);
        });
        var stored = decision with { Seq = created.Events[0].Seq, Version = 1 };
        var approved = Data.Resolved(stored);
        await CommitOkAsync(s => s.ResolveDecision(approved, 1));

        var outcomes = await CommitAsync(ChangeSets.New(s => s.ResolveDecision(Data.Resolved(stored, DecisionStatus.Rejected), 1)));

        Assert.Equal(CommitStatus.Conflict, Assert.Single(outcomes).Status);
        StoreAssert.Same(approved with { Version = 2 }, await Store.Decisions.GetAsync(decision.Id).WithTimeout());
    }

    [Fact]
    public async Task CommitAsync_ConflictingSetThatDeletesAnAgent_AgentKept()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var decision = Data.MinimalDecision(agent.Id, conversation.Id);
        var other = Data.Agent();
        await CommitOkAsync(s =>
        {
            s.PutAgent(other);
            s.AddMessage(Data.MinimalMessage(conversation));
            s.CreateDecision(decision);
        });
        var before = await SnapshotAsync();

        var outcomes = await CommitAsync(ChangeSets.New(s =>
        {
            s.DeleteAgent(agent.Id);
            s.AppendRemoved(agent.Id, Data.Now());
            s.ResolveDecision(Data.Resolved(decision, DecisionStatus.Cancelled), 7);
        }));

        Assert.Equal(CommitStatus.Conflict, Assert.Single(outcomes).Status);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task CommitAsync_CancelledBeforehand_ThrowsAndWritesNothing()
    {
        var agent = Data.Agent();
        var before = await SnapshotAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.CommitAsync([ChangeSets.New(s =>
            {
                s.PutAgent(agent);
                s.AppendStatus(agent.Id, true, Data.Now());
            })], cancelled.Token).WithTimeout());

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(0, await Store.Events.GetHeadAsync().WithTimeout());
    }

    [Fact]
    public async Task CommitAsync_SetThatCannotBeSealed_FailedNothingOfItVisibleOtherSetsCommitted()
    {
        var (agent, conversation) = await AgentWithConversationAsync();
        var (bystander, bystanderConversation) = await AgentWithConversationAsync();
        var before = await SnapshotAsync(agentIds: [agent.Id], includeHead: false);
        var firstMessage = Data.MinimalMessage(bystanderConversation, "first");
        var lastMessage = Data.MinimalMessage(bystanderConversation, "last");
        var first = ChangeSets.New(s => s.AddMessage(firstMessage));
        var broken = ChangeSets.New(s =>
        {
            s.PutAgent(agent with { Name = "changed" });
            s.AddMessage(Data.MinimalMessage(conversation, "broken"));
            s.AppendEvent(new UnserializableFrame(), agent.Id, Data.Now());
        });
        var last = ChangeSets.New(s => s.AddMessage(lastMessage));

        var outcomes = await CommitAsync(first, broken, last);

        Assert.Equal([CommitStatus.Committed, CommitStatus.Failed, CommitStatus.Committed], outcomes.Select(o => o.Status));
        Assert.NotNull(outcomes[1].Error);
        Assert.Equal(before, await SnapshotAsync(agentIds: [agent.Id], includeHead: false));
        Assert.True(last.Events[0].Seq > first.Events[0].Seq);
        Assert.Equal(last.Events[0].Seq, await Store.Events.GetHeadAsync().WithTimeout());
        StoreAssert.Same(first.Events.Concat(last.Events), await AllEventsAsync(bystander.Id));
    }

    [Fact]
    public async Task CommitAsync_DeleteAgent_RemovesEverythingOfThatAgent()
    {
        var (doomed, _) = await RichAgentAsync();
        var headBefore = await Store.Events.GetHeadAsync().WithTimeout();

        await CommitOkAsync(s => s.DeleteAgent(doomed.Id));

        Assert.Null(await Store.Agents.GetAsync(doomed.Id).WithTimeout());
        Assert.DoesNotContain(await Store.Agents.ListAsync().WithTimeout(), a => a.Id == doomed.Id);
        Assert.DoesNotContain(await Store.Conversations.ListAsync().WithTimeout(), c => c.AgentId == doomed.Id);
        foreach (var id in Data.ConversationIds)
        {
            var conversation = await Store.Conversations.GetAsync(id).WithTimeout();
            Assert.NotEqual(doomed.Id, conversation?.AgentId);
            Assert.DoesNotContain(await Store.Messages.GetPageAsync(id, null, All).WithTimeout(), m => m.AgentId == doomed.Id);
        }

        foreach (var id in Data.MessageIds)
        {
            Assert.NotEqual(doomed.Id, (await Store.Messages.GetAsync(id).WithTimeout())?.AgentId);
        }

        foreach (var id in Data.DecisionIds)
        {
            Assert.NotEqual(doomed.Id, (await Store.Decisions.GetAsync(id).WithTimeout())?.AgentId);
        }

        Assert.Empty(await Store.Decisions.QueryAsync(new DecisionStoreQuery([doomed.Id], DecisionFilter.All, null, null, All)).WithTimeout());
        Assert.DoesNotContain(await Store.Decisions.ListPendingAsync().WithTimeout(), d => d.AgentId == doomed.Id);
        Assert.Empty(await Store.Rules.ListByAgentAsync(doomed.Id).WithTimeout());
        Assert.DoesNotContain(await Store.Rules.ListAsync().WithTimeout(), r => r.AgentId == doomed.Id);
        Assert.Empty(await Store.Activity.QueryAsync([doomed.Id], null, All).WithTimeout());
        Assert.Empty(await AllEventsAsync(doomed.Id));
        Assert.Equal(headBefore, await Store.Events.GetHeadAsync().WithTimeout());
    }

    [Fact]
    public async Task CommitAsync_DeleteAgent_OtherAgentsUntouched()
    {
        var (kept, _) = await RichAgentAsync();
        var (doomed, _) = await RichAgentAsync();
        var (keptToo, _) = await RichAgentAsync();
        var keptIds = new[] { kept.Id, keptToo.Id };
        var before = await SnapshotAsync(agentIds: keptIds);

        await CommitOkAsync(s => s.DeleteAgent(doomed.Id));

        Assert.Equal(before, await SnapshotAsync(agentIds: keptIds));
    }

    [Fact]
    public async Task CommitAsync_DeleteAgentThenNextCommit_SeqContinuesAboveTheOldHead()
    {
        var other = Data.Agent();
        await CommitOkAsync(s =>
        {
            s.PutAgent(other);
            s.AppendStatus(other.Id, true, Data.Now());
        });
        var (doomed, _) = await RichAgentAsync();
        var head = await Store.Events.GetHeadAsync().WithTimeout();

        await CommitOkAsync(s => s.DeleteAgent(doomed.Id));
        var next = await CommitOkAsync(s => s.AppendStatus(other.Id, false, Data.Now()));

        Assert.True(next.Events[0].Seq > head, $"seq {next.Events[0].Seq} reuses a seq at or below the head {head} the deleted agent's events reached");
        Assert.Equal(next.Events[0].Seq, await Store.Events.GetHeadAsync().WithTimeout());
        Assert.Equal(2, (await EventsAsync(EventAudience.App, other.Id)).Count);
    }

    [Fact]
    public async Task CommitAsync_DeleteAgentWithWritesInTheSameSet_DeletionAppliedFirst()
    {
        var (agent, conversation) = await RichAgentAsync();
        var recreated = Data.MinimalAgent(agent.Id) with { Name = "reborn" };
        var newConversation = Data.MinimalConversation(agent.Id);
        var rule = Data.Rule(agent.Id);
        var decision = Data.MinimalDecision(agent.Id, newConversation.Id);
        var message = Data.MinimalMessage(newConversation, "after");

        var set = await CommitOkAsync(s =>
        {
            s.DeleteAgent(agent.Id);
            s.AppendRemoved(agent.Id, Data.Now());
            s.PutAgent(recreated);
            s.PutConversation(newConversation);
            s.AddMessage(message);
            s.PutRule(rule);
            s.CreateDecision(decision);
        });

        StoreAssert.Same(recreated, await Store.Agents.GetAsync(agent.Id).WithTimeout());
        StoreAssert.Same(new[] { newConversation }, (await Store.Conversations.ListAsync().WithTimeout()).Where(c => c.AgentId == agent.Id));
        Assert.Null(await Store.Conversations.GetAsync(conversation.Id).WithTimeout());
        StoreAssert.Same(new[] { message with { Seq = set.Events[1].Seq } }, await Store.Messages.GetPageAsync(newConversation.Id, null, 50).WithTimeout());
        StoreAssert.Same(new[] { rule }, await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout());
        StoreAssert.Same(
            new[] { decision with { Seq = set.Events[2].Seq, Version = 1 } },
            await Store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.All, null, null, 50)).WithTimeout());
        StoreAssert.Same(set.Events, await AllEventsAsync(agent.Id));
        Assert.Equal(AgentRemovedFrame.TypeName, (await AllEventsAsync(agent.Id))[0].Type);
        Assert.Empty(await Store.Activity.QueryAsync([agent.Id], null, 50).WithTimeout());
    }

    [Fact]
    public async Task CommitAsync_DeleteAgentInABatch_LaterSetsOfTheBatchSeeItGone()
    {
        var (agent, _) = await RichAgentAsync();
        var (other, otherConversation) = await RichAgentAsync();
        var message = Data.MinimalMessage(otherConversation, "later");

        var sets = new[]
        {
            ChangeSets.New(s => s.DeleteAgent(agent.Id)),
            ChangeSets.New(s => s.AddMessage(message)),
            ChangeSets.New(s => s.PutAgent(Data.MinimalAgent(agent.Id))),
        };
        await CommitOkAsync(sets);

        Assert.Equal("minimal", (await Store.Agents.GetAsync(agent.Id).WithTimeout())?.Name);
        Assert.Empty(await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout());
        Assert.Equal(sets[1].Events[0].Seq, (await Store.Messages.GetAsync(message.Id).WithTimeout())?.Seq);
        Assert.NotEmpty(await Store.Rules.ListByAgentAsync(other.Id).WithTimeout());
    }

    [Fact]
    public async Task CommitAsync_ConcurrentReads_NeverThrowAndSeeWholeSets()
    {
        const int Commits = 150;
        const int Readers = 3;
        var (agent, conversation) = await AgentWithConversationAsync();
        var store = Store;
        using var stop = new CancellationTokenSource();
        var started = Enumerable.Range(0, Readers).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();

        async Task<int> ReadUntilStoppedAsync(int reader)
        {
            try
            {
                return await ReadLoopAsync(reader);
            }
            catch (Exception e)
            {
                // Unblocks the writer's wait when a reader fails before its first read completes.
                started[reader].TrySetException(e);
                throw;
            }
        }

        async Task<int> ReadLoopAsync(int reader)
        {
            var reads = 0;
            long lastHead = 0;
            while (!stop.IsCancellationRequested || reads == 0)
            {
                var head = await store.Events.GetHeadAsync().WithTimeout();
                Assert.True(head >= lastHead, $"head went down from {lastHead} to {head}");
                lastHead = head;

                // Every set below writes exactly one message, one activity entry and three events of the agent.
                var events = await store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, [agent.Id], All)).WithTimeout();
                Assert.True(events.Count % 3 == 0, $"a read saw {events.Count} events: part of a change set");
                StoreAssert.StrictlyIncreasing(events.Select(e => e.Seq));
                var messages = await store.Messages.GetPageAsync(conversation.Id, null, All).WithTimeout();
                StoreAssert.StrictlyIncreasing(messages.Select(m => m.Seq).Reverse());
                var activity = await store.Activity.QueryAsync([agent.Id], null, All).WithTimeout();
                StoreAssert.StrictlyIncreasing(activity.Select(a => a.Seq).Reverse());
                var decisions = await store.Decisions.QueryAsync(new DecisionStoreQuery([agent.Id], DecisionFilter.All, null, null, All)).WithTimeout();
                StoreAssert.StrictlyIncreasing(decisions.Select(d => d.Seq).Reverse());
                await store.Decisions.ListPendingAsync().WithTimeout();
                await store.Agents.ListAsync().WithTimeout();
                await store.Conversations.ListAsync().WithTimeout();
                await store.Rules.ListByAgentAsync(agent.Id).WithTimeout();
                if (messages.Count > 0)
                {
                    Assert.NotNull(await store.Messages.GetAsync(messages[0].Id).WithTimeout());
                }

                reads++;
                started[reader].TrySetResult();
            }

            return reads;
        }

        var readers = Enumerable.Range(0, Readers).Select(r => Task.Run(() => ReadUntilStoppedAsync(r))).ToArray();
        await Task.WhenAll(started.Select(s => s.Task)).WithTimeout();
        var written = new List<string>();
        for (var i = 0; i < Commits; i++)
        {
            var message = Data.MinimalMessage(conversation, $"m{i}");
            written.Add(message.Id);
            await CommitOkAsync(s =>
            {
                s.AddMessage(message);
                s.AddActivity(Data.MinimalActivity(agent.Id));
                s.CreateDecision(Data.MinimalDecision(agent.Id, conversation.Id));
                if (i % 10 == 0)
                {
                    s.PutRule(Data.Rule(agent.Id));
                }
            });
        }

        await stop.CancelAsync();
        var reads = await Task.WhenAll(readers).WithTimeout();

        Assert.All(reads, r => Assert.True(r > 0));
        var final = await Store.Messages.GetPageAsync(conversation.Id, null, All).WithTimeout();
        Assert.Equal(written, final.Select(m => m.Id).Reverse());
        Assert.Equal(Commits * 3, (await EventsAsync(EventAudience.App, agent.Id)).Count);
    }
}

/// <summary>A frame the wire protocol has no JSON metadata for: sealing a set that holds it throws.</summary>
internal sealed record UnserializableFrame : AppFrame
{
    public override string Type => "unserializable";
}
