using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>
/// <c>processing_start</c> / <c>agent_heartbeat</c> turn a conversation's "Thinking…" bubble on (30 s / 5 s until it
/// clears itself unless renewed); <c>processing_stop</c> / <c>agent_idle</c> turn it off.
/// </summary>
internal sealed class ProcessingCommand(string agentId, ProcessingEvent signal) : EngineCommand<AgentEventResult>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = context.CallingAgent(agentId);
        var conversation = context.ConversationOf(agent, signal.ConversationId);
        var current = context.FindIndicator(agentId, conversation.Id);
        switch (signal.Signal)
        {
            case ProcessingSignal.Start:
                context.SetIndicator(agentId, conversation.Id, signal.StatusText ?? current?.StatusText, context.Options.ProcessingTimeout);
                break;
            case ProcessingSignal.Heartbeat:
                context.SetIndicator(agentId, conversation.Id, signal.StatusText ?? current?.StatusText, context.Options.HeartbeatTimeout);
                break;
            default:
                context.ClearIndicator(agentId, conversation.Id, IndicatorReason.Stopped);
                break;
        }

        return ValueTask.CompletedTask;
    }

    protected override AgentEventResult GetResult(CommandContext context) => AgentEventResult.Ok;
}
