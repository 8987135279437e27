using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.Core.Tests.Webhooks;

/// <summary>Outbound webhooks (PROTOCOL §6) against a real receiver on loopback Kestrel, on fake time.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task FailingTwiceThen429ThenOk_RetriesOnScheduleHonoursRetryAfter_DeliveredOnce()
    {
        await using var bed = await WebhookTestBed.StartAsync();
        bed.Receiver.Then(500);
        bed.Receiver.Then(503);
        bed.Receiver.Then(429, retryAfterSeconds: 42);
        bed.Receiver.Then(200);
        var first = bed.AttemptRecorded(1);

        var message = await bed.User.SendMessageAsync(bed.Agent.Agent.DefaultConversationId ?? await DefaultConversationAsync(bed), "ping").Within();
        var attempts = new List<ReceivedRequest> { await bed.Receiver.NextAsync() };
        await first.Within();
        var eventId = attempts[0].Header("X-Nod-Event-Id");
        var start = bed.Host.Time.GetUtcNow();
        Assert.Equal(start + TimeSpan.FromSeconds(5), (await bed.DeliveryAsync(eventId)).NextAttemptAt);

        // 5 s after the first failure, not a tick earlier.
        await AdvanceAndAttemptAsync(bed, TimeSpan.FromSeconds(5), attempts, expectAttempts: 2);
        // Then 5 minutes.
        await AdvanceAndAttemptAsync(bed, TimeSpan.FromMinutes(5), attempts, expectAttempts: 3);
        // 429 with Retry-After: 42 s instead of the schedule's 30 minutes.
        Assert.Equal(bed.Host.Time.GetUtcNow() + TimeSpan.FromSeconds(42), (await bed.DeliveryAsync(eventId)).NextAttemptAt);
        await AdvanceAndAttemptAsync(bed, TimeSpan.FromSeconds(42), attempts, expectAttempts: 4);

        var delivered = await bed.DeliveryAsync(eventId);
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(4, delivered.Attempts);
        Assert.Equal(200, delivered.LastStatusCode);
        Assert.Null(delivered.NextAttemptAt);
        Assert.NotNull(delivered.DeliveredAt);

        Assert.All(attempts, a => Assert.Equal(eventId, a.Header("X-Nod-Event-Id")));
        Assert.All(attempts, a => Assert.Equal(eventId, a.Header("webhook-id")));
        Assert.Equal(4, attempts.Select(a => a.Header("X-Nod-Delivery-Id")).Distinct().Count());
        Assert.All(attempts, a => Assert.StartsWith("dlv_", a.Header("X-Nod-Delivery-Id"), StringComparison.Ordinal));
        Assert.Equal(["0", "1", "2", "3"], attempts.Select(a => a.Header("X-Nod-Retry-Num")));
        Assert.Equal(["first_attempt", "http_500", "http_503", "http_429"], attempts.Select(a => a.Header("X-Nod-Retry-Reason")));
        Assert.All(attempts, a => Assert.Equal(a.Header("X-Nod-Timestamp"), a.Header("webhook-timestamp")));
        Assert.All(attempts, a => Assert.StartsWith("application/json", a.Header("Content-Type"), StringComparison.Ordinal));

        // Each attempt signed afresh, with its own timestamp; every body is the same event JSON.
        Assert.Equal(4, attempts.Select(a => a.Header("X-Nod-Timestamp")).Distinct().Count());
        Assert.Single(attempts.Select(a => Encoding.UTF8.GetString(a.Body)).Distinct());
        using var json = JsonDocument.Parse(attempts[0].Body);
        Assert.Equal("user_message", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(message.Id, json.RootElement.GetProperty("message_id").GetString());
        Assert.Equal(eventId, json.RootElement.GetProperty("event_id").GetString());
        foreach (var attempt in attempts)
        {
            AssertSignedIndependently(attempt, bed.Agent.WebhookSecret);
        }

        Assert.False(bed.Receiver.HasUnread);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(302)]
    public async Task NonRetryableStatus_FailsAtOnce(int status)
    {
        await using var bed = await WebhookTestBed.StartAsync();
        bed.Receiver.Then(status);
        var request = await FirstAttemptAsync(bed, "x");

        var delivery = await bed.DeliveryAsync(request.Header("X-Nod-Event-Id"));
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal(status, delivery.LastStatusCode);
        Assert.Null(delivery.NextAttemptAt);
        bed.Host.Time.Advance(TimeSpan.FromDays(2));
        await bed.Host.SyncAsync();
        Assert.False(bed.Receiver.HasUnread);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(502)]
    public async Task RetryableStatus_IsRetried(int status)
    {
        await using var bed = await WebhookTestBed.StartAsync();
        bed.Receiver.Then(status);
        var request = await FirstAttemptAsync(bed, "x");
        bed.Host.Time.Advance(TimeSpan.FromSeconds(5));

        var retry = await bed.Receiver.NextAsync();
        Assert.Equal($"http_{status}", retry.Header("X-Nod-Retry-Reason"));
        Assert.Equal(request.Header("X-Nod-Event-Id"), retry.Header("X-Nod-Event-Id"));
    }

    [Fact]
    public async Task ReceiverThatHangs_TimesOutAfter30Seconds_ThenRetried()
    {
        await using var bed = await WebhookTestBed.StartAsync();
        bed.Receiver.ThenHang();
        var recorded = bed.AttemptRecorded(1);

        await bed.User.SendMessageAsync(await DefaultConversationAsync(bed), "x").Within();
        var hung = await bed.Receiver.NextAsync();
        bed.Host.Time.Advance(TimeSpan.FromSeconds(30));
        await recorded.Within();

        var delivery = await bed.DeliveryAsync(hung.Header("X-Nod-Event-Id"));
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Null(delivery.LastStatusCode);
        Assert.StartsWith("timeout", delivery.LastError, StringComparison.Ordinal);
        bed.Host.Time.Advance(TimeSpan.FromSeconds(5));
        var retry = await bed.Receiver.NextAsync();
        Assert.Equal("timeout", retry.Header("X-Nod-Retry-Reason"));
        Assert.Equal("1", retry.Header("X-Nod-Retry-Num"));
    }

    [Fact]
    public async Task EveryRetryFails_FailedAfterTheLastScheduledRetry()
    {
        await using var bed = await WebhookTestBed.StartAsync(o =>
        {
            o.Webhooks.RetryDelays.Clear();
            o.Webhooks.RetryDelays.Add(TimeSpan.FromSeconds(1));
            o.Webhooks.RetryDelays.Add(TimeSpan.FromSeconds(2));
        });
        for (var i = 0; i < 3; i++)
        {
            bed.Receiver.Then(500);
        }

        var third = bed.AttemptRecorded(3);
        await bed.User.SendMessageAsync(await DefaultConversationAsync(bed), "x").Within();
        var eventId = (await bed.Receiver.NextAsync()).Header("X-Nod-Event-Id");
        for (var retry = 1; retry <= 2; retry++)
        {
            var recorded = bed.AttemptRecorded(retry, eventId);
            await recorded.Within();
            bed.Host.Time.Advance(TimeSpan.FromSeconds(retry));
            await bed.Receiver.NextAsync();
        }

        await third.Within();
        var failed = await bed.DeliveryAsync(eventId);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("gave up", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectedAgent_GetsNoWebhook_OfflineAgentGetsEveryKind()
    {
        await using var bed = await WebhookTestBed.StartAsync();
        var conversation = await DefaultConversationAsync(bed);

        // While connected: nothing goes to the webhook.
        await using (var connected = await bed.Host.Nod.ConnectAgentAsync(bed.Agent.AgentId, bed.Agent.Secret).Within())
        {
            await bed.User.SendMessageAsync(conversation, "while connected").Within();
        }

        // Offline: user_message, decision_resolved and task_due all go out.
        var rest = bed.Host.Nod.AuthenticateAgent(bed.Agent.AgentId, bed.Agent.Secret);
        await bed.User.SendMessageAsync(conversation, "while offline").Within();
        var decision = await rest.SendAsync(new DecisionEvent { Title = "Go?", Description = "", Kind = "approval" }).Within();
        await bed.User.ApproveAsync(decision.DecisionId!).Within();
        var task = await bed.User.CreateTaskAsync(bed.Agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        await bed.User.RunTaskNowAsync(task.Id).Within();

        var types = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var json = JsonDocument.Parse((await bed.Receiver.NextAsync()).Body);
            types.Add(json.RootElement.GetProperty("type").GetString()!);
        }

        Assert.Equal(["decision_resolved", "task_due", "user_message"], types.Order());
        var deliveries = await bed.User.GetDeliveriesAsync(bed.Agent.AgentId).Within();
        Assert.Equal(3, deliveries.Count);
        var userMessage = Assert.Single(deliveries, d => d.Type == "user_message");
        Assert.Equal("while offline", JsonDocument.Parse(userMessage.Payload).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Outbox_IsWrittenWithTheEvent_SamePayloadAndSeq()
    {
        await using var bed = await WebhookTestBed.StartAsync();
        bed.Receiver.Then(500);
        var request = await FirstAttemptAsync(bed, "x");

        var delivery = await bed.DeliveryAsync(request.Header("X-Nod-Event-Id"));
        var logged = (await bed.Host.Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.Agent, [bed.Agent.AgentId], 100)).Within())
            .Single(e => e.EventId == delivery.EventId);
        Assert.Equal(logged.Seq, delivery.Seq);
        Assert.Equal(logged.Payload.ToArray(), delivery.Payload);
        Assert.Equal(logged.Payload.ToArray(), request.Body);
    }

    [Fact]
    public async Task Redeliver_StartsANewSeriesFromZeroWithReasonRedelivery()
    {
        await using var bed = await WebhookTestBed.StartAsync();
        bed.Receiver.Then(400);
        var failed = bed.AttemptRecorded(1);
        await bed.User.SendMessageAsync(await DefaultConversationAsync(bed), "x").Within();
        var eventId = (await bed.Receiver.NextAsync()).Header("X-Nod-Event-Id");
        await failed.Within();
        Assert.Equal(DeliveryStatus.Failed, (await bed.DeliveryAsync(eventId)).Status);

        var delivered = bed.AttemptRecorded(2);
        var pending = await bed.User.RedeliverAsync(bed.Agent.AgentId, eventId).Within();
        Assert.Equal(DeliveryStatus.Pending, pending.Status);
        var again = await bed.Receiver.NextAsync();
        await delivered.Within();

        Assert.Equal("0", again.Header("X-Nod-Retry-Num"));
        Assert.Equal("redelivery", again.Header("X-Nod-Retry-Reason"));
        Assert.Equal(eventId, again.Header("X-Nod-Event-Id"));
        var done = await bed.DeliveryAsync(eventId);
        Assert.Equal(DeliveryStatus.Delivered, done.Status);
        Assert.Equal(2, done.Attempts);
    }

    [Fact]
    public async Task DispatcherFailsOnADelivery_ItIsTriedAgainLater_NotLeftPendingForever()
    {
        var probe = new CommitProbe();
        await using var bed = await WebhookTestBed.StartAsync(probe: probe);
        Interlocked.Exchange(ref probe.DeliveryReadsToFail, 1);
        var delivered = probe.WaitForAsync(set => set.Deliveries.Any(d => d.Status == DeliveryStatus.Delivered));

        var message = await bed.User.SendMessageAsync(await DefaultConversationAsync(bed), "x").Within();
        var eventId = (await bed.Host.Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.Agent, [bed.Agent.AgentId], 100)).Within())
            .Single(e => e.Frame is UserMessageFrame frame && frame.MessageId == message.Id).EventId;

        // The failed attempt is re-armed by the dispatcher in the background: wait for that, then move time.
        var dispatcher = bed.Host.Services.GetRequiredService<Nod.Webhooks.WebhookDispatcher>();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref probe.DeliveryReadsToFail) == 0 && dispatcher.IsArmed(eventId), TestTimeouts.Default));
        Assert.False(bed.Receiver.HasUnread);

        bed.Host.Time.Advance(Nod.Webhooks.WebhookDispatcher.FailureRetryDelay);
        var request = await bed.Receiver.NextAsync();
        await delivered.Within();
        Assert.Equal("first_attempt", request.Header("X-Nod-Retry-Reason"));
    }

    [Fact]
    public async Task Dispatcher_StoppedAfterItWasDisposed_DoesNotThrow()
    {
        // Hosts (e.g. WebApplicationFactory after a restart) may stop services whose container was already disposed.
        await using var bed = await WebhookTestBed.StartAsync();
        var dispatcher = bed.Host.Services.GetRequiredService<Nod.Webhooks.WebhookDispatcher>();

        await dispatcher.DisposeAsync().AsTask().Within();
        await dispatcher.StopAsync(CancellationToken.None).Within();
        await dispatcher.StopAsync(CancellationToken.None).Within();
    }

    [Fact]
    public async Task Redeliver_StillPending_Conflict()
    {
        await using var bed = await WebhookTestBed.StartAsync();
        bed.Receiver.Then(503);
        var eventId = (await FirstAttemptAsync(bed, "x")).Header("X-Nod-Event-Id");

        var error = await Assert.ThrowsAsync<NodException>(() => bed.User.RedeliverAsync(bed.Agent.AgentId, eventId).Within());

        Assert.Equal(NodErrorKind.Conflict, error.Kind);
        Assert.Equal(DeliveryStatus.Pending, (await bed.DeliveryAsync(eventId)).Status);
    }

    [Fact]
    public async Task Redeliver_UnknownOrOtherUsersDelivery_NotFound()
    {
        await using var bed = await WebhookTestBed.StartAsync();
        var bob = bed.Host.Nod.ForUser("bob", "Bob");

        var unknown = await Assert.ThrowsAsync<NodException>(() => bed.User.RedeliverAsync(bed.Agent.AgentId, "evt_0000000000000000").Within());
        var foreign = await Assert.ThrowsAsync<NodException>(() => bob.RedeliverAsync(bed.Agent.AgentId, "evt_0000000000000000").Within());
        var list = await Assert.ThrowsAsync<NodException>(() => bob.GetDeliveriesAsync(bed.Agent.AgentId).Within());

        Assert.All([unknown, foreign, list], e => Assert.Equal(NodErrorKind.NotFound, e.Kind));
    }

    [Fact]
    public async Task PrivateAddress_RefusedByDefault_NoRequestAndFailed()
    {
        await using var bed = await WebhookTestBed.StartAsync(o => o.Webhooks.AllowPrivateNetworks = false);
        var recorded = bed.AttemptRecorded(1);

        await bed.User.SendMessageAsync(await DefaultConversationAsync(bed), "x").Within();
        await recorded.Within();

        var delivery = Assert.Single(await bed.User.GetDeliveriesAsync(bed.Agent.AgentId).Within());
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Contains("refused", delivery.LastError, StringComparison.Ordinal);
        Assert.False(bed.Receiver.HasUnread);
    }

    [Fact]
    public async Task PendingDeliveries_ResumeAfterARestart()
    {
        var store = new Nod.Storage.InMemory.InMemoryNodStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
        string eventId;
        await using (var bed = await WebhookTestBed.StartAsync(probe: new CommitProbe(store), time: time))
        {
            bed.Receiver.Then(503);
            eventId = (await FirstAttemptAsync(bed, "survives")).Header("X-Nod-Event-Id");
        }

        // The old receiver is gone with the old host; the agent now points at a new one.

        var probe = new CommitProbe(store);
        await using var receiver = await WebhookReceiver.StartAsync();
        var delivered = probe.WaitForAsync(set => set.Deliveries.Any(d => d.EventId == eventId && d.Status == DeliveryStatus.Delivered));
        await using var host = await NodTestHost.StartAsync(o =>
        {
            o.Webhooks.AllowPrivateNetworks = true;
            o.Webhooks.Jitter = 0;
        }, probe.Register, time);
        var user = host.Nod.ForUser("alice", "Alice");
        var agentId = (await user.GetAgentsAsync().Within()).Single().Id;
        await user.UpdateAgentAsync(agentId, new UpdateAgentRequest { WebhookUrl = receiver.Url }).Within();

        time.Advance(TimeSpan.FromSeconds(5));
        var resumed = await receiver.NextAsync();
        await delivered.Within();

        Assert.Equal(eventId, resumed.Header("X-Nod-Event-Id"));
        Assert.Equal("http_503", resumed.Header("X-Nod-Retry-Reason"));
        Assert.Equal("survives", JsonDocument.Parse(resumed.Body).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task SlowReceiverOfOneAgent_DoesNotDelayAnotherAgent()
    {
        await using var bed = await WebhookTestBed.StartAsync();
        await using var fast = await WebhookReceiver.StartAsync();
        bed.Receiver.ThenHang();
        var other = await bed.User.CreateAgentAsync(new CreateAgentRequest { Name = "Other", WebhookUrl = fast.Url }).Within();
        var otherConversation = (await bed.User.GetConversationsAsync(other.AgentId).Within())[0].Id;

        await bed.User.SendMessageAsync(await DefaultConversationAsync(bed), "to the slow one").Within();
        await bed.Receiver.NextAsync();
        await bed.User.SendMessageAsync(otherConversation, "to the fast one").Within();

        var received = await fast.NextAsync();
        Assert.Equal("to the fast one", JsonDocument.Parse(received.Body).RootElement.GetProperty("text").GetString());
    }

    private static async Task AdvanceAndAttemptAsync(WebhookTestBed bed, TimeSpan wait, List<ReceivedRequest> attempts, int expectAttempts)
    {
        bed.Host.Time.Advance(wait - Tick);
        await bed.Host.SyncAsync();
        Assert.False(bed.Receiver.HasUnread, "an attempt came before its time");
        var recorded = bed.AttemptRecorded(expectAttempts);
        bed.Host.Time.Advance(Tick);
        attempts.Add(await bed.Receiver.NextAsync());
        await recorded.Within();
    }

    /// <summary>The user sends a message; returns the webhook request its event caused once that first attempt is recorded.</summary>
    private static async Task<ReceivedRequest> FirstAttemptAsync(WebhookTestBed bed, string text)
    {
        var recorded = bed.AttemptRecorded(1);
        await bed.User.SendMessageAsync(await DefaultConversationAsync(bed), text).Within();
        var request = await bed.Receiver.NextAsync();
        await recorded.Within();
        return request;
    }

    private static async Task<string> DefaultConversationAsync(WebhookTestBed bed) =>
        (await bed.User.GetConversationsAsync(bed.Agent.AgentId).Within())[0].Id;

    /// <summary>Recomputes both signatures with plain HMACSHA256, not the library's code.</summary>
    private static void AssertSignedIndependently(ReceivedRequest request, string webhookSecret)
    {
        var key = Convert.FromBase64String(webhookSecret["whsec_".Length..]);
        var timestamp = request.Header("X-Nod-Timestamp");
        Assert.True(long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _));

        var nod = HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. request.Body]);
        Assert.Equal("sha256=" + Convert.ToHexString(nod).ToLowerInvariant(), request.Header("X-Nod-Signature"));

        var id = request.Header("webhook-id");
        var standard = HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. request.Body]);
        Assert.Equal("v1," + Convert.ToBase64String(standard), request.Header("webhook-signature"));
    }
}
