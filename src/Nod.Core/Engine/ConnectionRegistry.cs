using System.Collections.Concurrent;

namespace Nod.Engine;

/// <summary>
/// Open agent connections, so that rotating an agent's secret or deleting the agent ends them at once. Registered and
/// revoked on the engine loop, in command order: a connection opened with the old secret is always revoked.
/// </summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, AgentConnectionToken>> _byAgent = new(StringComparer.Ordinal);

    public AgentConnectionToken Register(string agentId, string connectionId)
    {
        var token = new AgentConnectionToken(connectionId);
        _byAgent.GetOrAdd(agentId, static _ => new(StringComparer.Ordinal))[connectionId] = token;
        return token;
    }

    public void Unregister(string agentId, string connectionId)
    {
        if (_byAgent.TryGetValue(agentId, out var connections) && connections.TryRemove(connectionId, out var token))
        {
            token.Dispose();
        }
    }

    public void RevokeAll(string agentId, ConnectionEndReason reason)
    {
        if (!_byAgent.TryGetValue(agentId, out var connections))
        {
            return;
        }

        foreach (var token in connections.Values)
        {
            token.Revoke(reason);
        }
    }

    public void RevokeEverything(ConnectionEndReason reason)
    {
        foreach (var agentId in _byAgent.Keys)
        {
            RevokeAll(agentId, reason);
        }
    }
}

/// <summary>Cancelled when the server ends an agent connection; <see cref="Reason"/> says why.</summary>
internal sealed class AgentConnectionToken : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private int _reason = -1;

    public AgentConnectionToken(string connectionId) => ConnectionId = connectionId;

    public string ConnectionId { get; }

    public CancellationToken Token => _source.Token;

    public ConnectionEndReason? Reason => _reason < 0 ? null : (ConnectionEndReason)_reason;

    public void Revoke(ConnectionEndReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, -1) == -1)
        {
            try
            {
                _source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Closed concurrently: nothing left to end.
            }
        }
    }

    public void Dispose() => _source.Dispose();
}
