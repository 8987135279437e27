using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads always-allow and deny rules.</summary>
public interface IRuleStore
{
    /// <summary>One agent's rules, oldest first.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<Rule>> ListByAgentAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>Every rule, in no particular order (read once at start-up).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<Rule>> ListAsync(CancellationToken cancellationToken = default);
}
