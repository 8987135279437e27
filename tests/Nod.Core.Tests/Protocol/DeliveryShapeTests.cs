using System.Text.Json;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §7 Delivery shape through the source-generated context (alone and in a list).</summary>
public sealed class DeliveryShapeTests
{
    private static readonly WebhookDelivery Delivery = new()
    {
        EventId = "evt_0123456789abcdef",
        AgentId = "agt_0123456789abcdef",
        Type = "user_message",
        Status = DeliveryStatus.Failed,
        Attempts = 3,
        LastStatusCode = 500,
        LastError = "http_500",
        CreatedAt = new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero),
        Payload = [1, 2, 3],
    };

    [Fact]
    public void Serialize_Delivery_HasExactlyTheProtocolFieldsAndNothingInternal()
    {
        var json = JsonSerializer.SerializeToElement(Delivery, NodJsonContext.Default.WebhookDelivery);

        Assert.Equal(
            ["attempts", "created_at", "delivered_at", "event_id", "last_error", "last_status_code", "next_attempt_at", "status", "type"],
            json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("failed", json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("delivered_at").ValueKind);
    }

    [Fact]
    public void Serialize_DeliveryList_Works()
    {
        var json = JsonSerializer.SerializeToElement<IReadOnlyList<WebhookDelivery>>([Delivery], NodJsonContext.Default.IReadOnlyListWebhookDelivery);

        Assert.Equal("evt_0123456789abcdef", json[0].GetProperty("event_id").GetString());
    }
}
