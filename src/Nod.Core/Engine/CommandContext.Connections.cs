using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine;

/// <summary>Agent connections: online and offline.</summary>
internal sealed partial class CommandContext
{
    /// <summary>
    /// The agent's last connection is gone: it goes offline, its bubbles clear (<c>disconnected</c>), and the time is
    /// kept as last seen — unless <paramref name="seenNow"/> is <see langword="false"/> (after an unclean stop, when the
    /// connection really ended is unknown: the last seen the store has stays).
    /// </summary>
    public void GoOffline(AgentRecord agent, bool seenNow = true)
    {
        Changes.ConnectionChanges.Add((agent.Id, []));
        foreach (var indicator in IndicatorsOf(agent.Id).ToList())
        {
            ClearIndicator(agent.Id, indicator.ConversationId, IndicatorReason.Disconnected);
        }

        PutAgent(seenNow ? agent with { LastSeenAt = Now } : agent);
        Emit(new AgentStatusFrame { AgentId = agent.Id, Online = false }, agent.Id);
        AddActivity(agent.Id, ActivityType.System, "Disconnected");
    }
}
