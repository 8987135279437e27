namespace Nod;

/// <summary>Why Nod ended an agent connection (a WebSocket closes with 4003 for the first two).</summary>
public enum ConnectionEndReason
{
    /// <summary>The agent's secret was rotated: the old one no longer works.</summary>
    SecretRotated = 0,

    /// <summary>The agent was deleted.</summary>
    AgentDeleted = 1,

    /// <summary>Nod is shutting down.</summary>
    ShuttingDown = 2,
}
