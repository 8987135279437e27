using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine;

/// <summary>Agent connections: online and offline.</summary>
internal sealed partial class CommandContext
{
    /// <summary>
    /// The agent's last connection is gone: it goes offline, its bubbles clear (<c>disconnected</c>), and the time is
    /// kept as last seen.
    /// </summary>
    public void GoOffline(AgentRecord agent)
    {
        Changes.ConnectionChanges.Add((agent.Id, []));
        foreach (var indicator in IndicatorsOf(agent.Id).ToList())
        {
            ClearIndicator(agent.Id, indicator.ConversationId, IndicatorReason.Disconnected);
        }

        PutAgent(agent with { LastSeenAt = Now });
        Emit(new AgentStatusFrame { AgentId = agent.Id, Online = false }, agent.Id);
        AddActivity(agent.Id, ActivityType.System, "Disconnected");
    }
}
