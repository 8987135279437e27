using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>Where a webhook delivery stands (PROTOCOL §6–§7).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryStatus>))]
public enum DeliveryStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending = 0,

    /// <summary>A receiver answered 2xx.</summary>
    [JsonStringEnumMemberName("delivered")]
    Delivered = 1,

    /// <summary>Given up: a non-retryable answer, or every retry failed. The owner can redeliver it.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed = 2,
}
