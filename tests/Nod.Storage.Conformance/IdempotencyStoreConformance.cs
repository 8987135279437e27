using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>The contract of <see cref="IIdempotencyStore"/> and of idempotency writes, purges and cascades.</summary>
public abstract class IdempotencyStoreConformance : StoreConformanceBase
{
    [Fact]
    public async Task GetAsync_UnknownKey_ReturnsNull()
    {
        Assert.Null(await Store.Idempotency.GetAsync("agt_ffffffffffffffff", "k").WithTimeout());
    }

    [Fact]
    public async Task PutIdempotency_EveryFieldSet_RoundTrips()
    {
        var agent = Data.Agent();
        var record = Record(agent.Id, "key-1", new AgentEventResult { MessageId = "msg_0000000000000001", DecisionId = "dec_0000000000000002", ActivityId = "act_0000000000000003" });
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutIdempotency(record);
        });

        var stored = await Store.Idempotency.GetAsync(agent.Id, "key-1").WithTimeout();

        Assert.NotNull(stored);
        Assert.Equal(record.AgentId, stored.AgentId);
        Assert.Equal(record.Key, stored.Key);
        Assert.Equal("ok", stored.Result.Status);
        Assert.Equal(record.Result.MessageId, stored.Result.MessageId);
        Assert.Equal(record.Result.DecisionId, stored.Result.DecisionId);
        Assert.Equal(record.Result.ActivityId, stored.Result.ActivityId);
        Assert.Equal(record.CreatedAt, stored.CreatedAt);
        Assert.Equal(record.ExpiresAt, stored.ExpiresAt);
        StoreAssert.Utc(stored.ExpiresAt);
    }

    [Fact]
    public async Task PutIdempotency_NullIds_StayNull()
    {
        var agent = Data.Agent();
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutIdempotency(Record(agent.Id, "k", AgentEventResult.Ok));
        });

        var stored = await Store.Idempotency.GetAsync(agent.Id, "k").WithTimeout();

        Assert.NotNull(stored);
        Assert.Null(stored.Result.MessageId);
        Assert.Null(stored.Result.DecisionId);
        Assert.Null(stored.Result.ActivityId);
    }

    [Fact]
    public async Task GetAsync_SameKeyOfAnotherAgent_IsIndependent()
    {
        var first = Data.Agent();
        var second = Data.Agent();
        await CommitOkAsync(s =>
        {
            s.PutAgent(first);
            s.PutAgent(second);
            s.PutIdempotency(Record(first.Id, "same", new AgentEventResult { MessageId = "msg_1" }));
            s.PutIdempotency(Record(second.Id, "same", new AgentEventResult { MessageId = "msg_2" }));
        });

        Assert.Equal("msg_1", (await Store.Idempotency.GetAsync(first.Id, "same").WithTimeout())?.Result.MessageId);
        Assert.Equal("msg_2", (await Store.Idempotency.GetAsync(second.Id, "same").WithTimeout())?.Result.MessageId);
    }

    [Fact]
    public async Task PurgeIdempotency_RemovesOnlyRecordsExpiringBeforeTheCutOff()
    {
        var agent = Data.Agent();
        var early = Record(agent.Id, "early", AgentEventResult.Ok);
        var late = Record(agent.Id, "late", AgentEventResult.Ok) with { ExpiresAt = early.ExpiresAt.AddHours(2) };
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutIdempotency(early);
            s.PutIdempotency(late);
        });

        await CommitOkAsync(s => s.PurgeIdempotency(early.ExpiresAt.AddHours(1)));

        Assert.Null(await Store.Idempotency.GetAsync(agent.Id, "early").WithTimeout());
        Assert.NotNull(await Store.Idempotency.GetAsync(agent.Id, "late").WithTimeout());
    }

    [Fact]
    public async Task DeleteAgent_RemovesItsIdempotencyRecords()
    {
        var agent = Data.Agent();
        var other = Data.Agent();
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutAgent(other);
            s.PutIdempotency(Record(agent.Id, "k", AgentEventResult.Ok));
            s.PutIdempotency(Record(other.Id, "k", AgentEventResult.Ok));
        });

        await CommitOkAsync(s => s.DeleteAgent(agent.Id));

        Assert.Null(await Store.Idempotency.GetAsync(agent.Id, "k").WithTimeout());
        Assert.NotNull(await Store.Idempotency.GetAsync(other.Id, "k").WithTimeout());
    }

    [Fact]
    public async Task PutIdempotency_InARefusedSet_IsNotVisible()
    {
        var agent = Data.Agent();
        var decision = Data.Decision(agent.Id, conversationId: null);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.CreateDecision(decision);
        });

        var outcomes = await CommitAsync(ChangeSets.New(s =>
        {
            s.PutIdempotency(Record(agent.Id, "k", AgentEventResult.Ok));
            s.PutDecision(decision, expectedVersion: 0);
        }));

        Assert.Equal(CommitStatus.Conflict, outcomes[0].Status);
        Assert.Null(await Store.Idempotency.GetAsync(agent.Id, "k").WithTimeout());
    }

    private IdempotencyRecord Record(string agentId, string key, AgentEventResult result)
    {
        var at = Data.Now();
        return new IdempotencyRecord { AgentId = agentId, Key = key, Result = result, CreatedAt = at, ExpiresAt = at.AddHours(24) };
    }
}
