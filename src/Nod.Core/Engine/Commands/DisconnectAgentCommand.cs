using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>
/// An agent connection closed. When it was the last one, the agent goes offline and its "Thinking…" bubbles clear
/// (reason <c>disconnected</c>).
/// </summary>
internal sealed class DisconnectAgentCommand(string agentId, string connectionId) : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = context.FindAgent(agentId);
        var open = context.State.Connections.GetValueOrDefault(agentId);
        if (agent is null || open == 0)
        {
            return ValueTask.CompletedTask;
        }

        context.Changes.ConnectionChanges.Add((agentId, open - 1));
        if (open == 1)
        {
            foreach (var indicator in context.IndicatorsOf(agentId).ToList())
            {
                context.ClearIndicator(agentId, indicator.ConversationId, IndicatorReason.Disconnected);
            }

            context.PutAgent(agent with { LastSeenAt = context.Now });
            context.Emit(new AgentStatusFrame { AgentId = agentId, Online = false }, agentId);
            context.AddActivity(agentId, ActivityType.System, "Disconnected");
        }

        return ValueTask.CompletedTask;
    }

    protected override void OnCommitted(CommandContext context)
    {
        context.Engine.Connections.Unregister(agentId, connectionId);
        context.Engine.LastSeen.Touch(agentId, context.Now);
    }

    protected override bool GetResult(CommandContext context) => true;
}
