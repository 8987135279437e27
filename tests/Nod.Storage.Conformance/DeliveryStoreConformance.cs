using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>The contract of <see cref="IDeliveryStore"/>: the webhook outbox, written with its events.</summary>
public abstract class DeliveryStoreConformance : StoreConformanceBase
{
    [Fact]
    public async Task Reads_EmptyStore_ReturnNothing()
    {
        Assert.Null(await Store.Deliveries.GetAsync("evt_ffffffffffffffff").WithTimeout());
        Assert.Empty(await Store.Deliveries.ListPendingAsync().WithTimeout());
        Assert.Empty(await Store.Deliveries.ListByAgentAsync("agt_ffffffffffffffff", null, All).WithTimeout());
    }

    [Fact]
    public async Task PutDelivery_WithItsEvent_GetsTheLoggedPayloadAndSeq()
    {
        var agent = Data.Agent();
        var (frame, delivery) = UserMessage(agent.Id);
        var set = await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.AppendEvent(frame, agent.Id, delivery.CreatedAt);
            s.PutDelivery(delivery);
        });

        var stored = await Store.Deliveries.GetAsync(delivery.EventId).WithTimeout();
        var logged = set.Events.Single(e => e.EventId == delivery.EventId);
        Assert.NotNull(stored);
        Assert.Equal(logged.Seq, stored.Seq);
        Assert.Equal(logged.Payload.ToArray(), stored.Payload);
        Assert.Equal(logged.Payload.ToArray(), set.Deliveries[0].Payload);
    }

    [Fact]
    public async Task PutDelivery_EveryFieldSet_RoundTrips()
    {
        var agent = Data.Agent();
        var delivery = Full(agent.Id);
        StoreAssert.EveryPropertySet(delivery);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutDelivery(delivery);
        });

        StoreAssert.Same(delivery, await Store.Deliveries.GetAsync(delivery.EventId).WithTimeout());
    }

    [Fact]
    public async Task PutDelivery_Again_ReplacesByEventId()
    {
        var agent = Data.Agent();
        var delivery = Full(agent.Id) with { Status = DeliveryStatus.Pending };
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutDelivery(delivery);
        });
        var done = delivery with { Status = DeliveryStatus.Delivered, Attempts = 4, NextAttemptAt = null, LastError = null };

        await CommitOkAsync(s => s.PutDelivery(done));

        StoreAssert.Same(done, await Store.Deliveries.GetAsync(delivery.EventId).WithTimeout());
        Assert.Empty(await Store.Deliveries.ListPendingAsync().WithTimeout());
    }

    [Fact]
    public async Task ListByAgentAsync_NewestFirstStatusFilterAndLimit()
    {
        var agent = Data.Agent();
        var other = Data.Agent();
        var deliveries = Enumerable.Range(1, 5).Select(i => Full(agent.Id) with { Seq = i * 10, Status = i % 2 == 0 ? DeliveryStatus.Failed : DeliveryStatus.Pending }).ToList();
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutAgent(other);
            foreach (var delivery in deliveries)
            {
                s.PutDelivery(delivery);
            }

            s.PutDelivery(Full(other.Id));
        });

        var all = await Store.Deliveries.ListByAgentAsync(agent.Id, null, All).WithTimeout();
        Assert.Equal(deliveries.Select(d => d.EventId).Reverse(), all.Select(d => d.EventId));
        var failed = await Store.Deliveries.ListByAgentAsync(agent.Id, DeliveryStatus.Failed, All).WithTimeout();
        Assert.Equal([deliveries[3].EventId, deliveries[1].EventId], failed.Select(d => d.EventId));
        Assert.Equal(2, (await Store.Deliveries.ListByAgentAsync(agent.Id, null, 2).WithTimeout()).Count);
    }

    [Fact]
    public async Task ListPendingAsync_OnlyPendingOldestFirst()
    {
        var agent = Data.Agent();
        var late = Full(agent.Id) with { Seq = 30, Status = DeliveryStatus.Pending };
        var early = Full(agent.Id) with { Seq = 10, Status = DeliveryStatus.Pending };
        var done = Full(agent.Id) with { Seq = 20, Status = DeliveryStatus.Delivered };
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutDelivery(late);
            s.PutDelivery(done);
            s.PutDelivery(early);
        });

        Assert.Equal([early.EventId, late.EventId], (await Store.Deliveries.ListPendingAsync().WithTimeout()).Select(d => d.EventId));
    }

    [Fact]
    public async Task DeleteAgent_RemovesItsDeliveries()
    {
        var agent = Data.Agent();
        var other = Data.Agent();
        var mine = Full(agent.Id);
        var theirs = Full(other.Id);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutAgent(other);
            s.PutDelivery(mine);
            s.PutDelivery(theirs);
        });

        await CommitOkAsync(s => s.DeleteAgent(agent.Id));

        Assert.Null(await Store.Deliveries.GetAsync(mine.EventId).WithTimeout());
        Assert.NotNull(await Store.Deliveries.GetAsync(theirs.EventId).WithTimeout());
    }

    [Fact]
    public async Task RefusedSet_LeavesNeitherEventNorDelivery()
    {
        var agent = Data.Agent();
        var decision = Data.Decision(agent.Id, conversationId: null);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.CreateDecision(decision);
        });
        var (frame, delivery) = UserMessage(agent.Id);

        var outcomes = await CommitAsync(ChangeSets.New(s =>
        {
            s.AppendEvent(frame, agent.Id, delivery.CreatedAt);
            s.PutDelivery(delivery);
            s.PutDecision(decision, expectedVersion: 0);
        }));

        Assert.Equal(CommitStatus.Conflict, outcomes[0].Status);
        Assert.Null(await Store.Deliveries.GetAsync(delivery.EventId).WithTimeout());
        Assert.DoesNotContain(await Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.Agent, [agent.Id], All)).WithTimeout(), e => e.EventId == delivery.EventId);
    }

    private (UserMessageFrame Frame, WebhookDelivery Delivery) UserMessage(string agentId)
    {
        var eventId = Data.NewId("evt");
        var at = Data.Now();
        var frame = new UserMessageFrame { EventId = eventId, MessageId = Data.NewId("msg"), ConversationId = Data.NewId("conv"), Text = "hi", SenderName = "Bob" };
        return (frame, new WebhookDelivery { EventId = eventId, AgentId = agentId, Type = frame.Type, Status = DeliveryStatus.Pending, NextAttemptAt = at, CreatedAt = at });
    }

    private WebhookDelivery Full(string agentId) => new()
    {
        EventId = Data.NewId("evt"),
        AgentId = agentId,
        Type = "decision_resolved",
        Status = DeliveryStatus.Failed,
        Attempts = 3,
        LastStatusCode = 503,
        LastError = "HTTP 503 \u00e9",
        NextAttemptAt = Data.Now(),
        CreatedAt = Data.Now(),
        DeliveredAt = Data.Now(),
        RetryNum = 2,
        RetryReason = "http_503",
        Payload = "{\"type\":\"decision_resolved\"}"u8.ToArray(),
        Seq = 42,
    };
}
