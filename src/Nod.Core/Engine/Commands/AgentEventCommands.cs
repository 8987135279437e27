using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>Maps a validated agent event to the command that carries it out.</summary>
internal static class AgentEventCommands
{
    public static EngineCommand<AgentEventResult> For(string agentId, AgentEvent agentEvent) => agentEvent switch
    {
        MessageEvent e => new PostAgentMessageCommand(agentId, e),
        DecisionEvent e => new CreateDecisionCommand(agentId, e),
        AlertEvent e => new LogAlertCommand(agentId, e),
        ProcessingEvent e => new ProcessingCommand(agentId, e),
        StatusEvent e => new LogStatusCommand(agentId, e),
        TaskProposalEvent e => ProposeTaskCommand.Create(agentId, e),
        _ => throw NodException.Invalid($"type '{agentEvent.Type}' is not a command"),
    };
}
