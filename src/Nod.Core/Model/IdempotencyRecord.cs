using Nod.Protocol;

namespace Nod.Model;

/// <summary>
/// The first response to an agent event sent with an <c>Idempotency-Key</c>: a repeat with the same key (per agent,
/// within the window) gets this response and creates nothing new.
/// </summary>
public sealed record IdempotencyRecord
{
    /// <summary>The agent.</summary>
    public required string AgentId { get; init; }

    /// <summary>The client's key.</summary>
    public required string Key { get; init; }

    /// <summary>The response the first request got.</summary>
    public required AgentEventResult Result { get; init; }

    /// <summary>When the first request was processed (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key may be forgotten (UTC).</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
