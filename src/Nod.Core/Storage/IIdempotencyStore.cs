using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads idempotency keys of agent events.</summary>
public interface IIdempotencyStore
{
    /// <summary>The record of <paramref name="key"/> for the agent, or <see langword="null"/>; expired records may still be returned.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="key">The client's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IdempotencyRecord?> GetAsync(string agentId, string key, CancellationToken cancellationToken = default);
}
