using System.Collections.Concurrent;

namespace Nod.Engine;

/// <summary>When each agent last called Nod (REST calls included), kept in memory so a busy agent costs no writes.</summary>
internal sealed class LastSeenTracker
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public void Touch(string agentId, DateTimeOffset at) => _seen[agentId] = at;

    public DateTimeOffset? Get(string agentId) => _seen.TryGetValue(agentId, out var at) ? at : null;

    public void Forget(string agentId) => _seen.TryRemove(agentId, out _);
}
