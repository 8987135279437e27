using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads agents.</summary>
public interface IAgentStore
{
    /// <summary>The agent, or <see langword="null"/>.</summary>
    /// <param name="agentId">The agent id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<AgentRecord?> GetAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>Every agent, in no particular order (read once at start-up).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<AgentRecord>> ListAsync(CancellationToken cancellationToken = default);
}
