using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>An agent logs an action: an <c>agent_action</c> activity entry; every active "Thinking…" bubble of the agent shows its title.</summary>
internal sealed class LogAlertCommand(string agentId, AlertEvent alert) : EngineCommand<AgentEventResult>
{
    private string? _activityId;

    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        context.CallingAgent(agentId);
        await context.CheckTaskRunAsync(agentId, alert.TaskRunId, isMessage: false).ConfigureAwait(false);
        foreach (var indicator in context.IndicatorsOf(agentId).ToList())
        {
            context.SetIndicatorText(indicator, alert.Title!);
        }

        _activityId = context.AddActivity(agentId, ActivityType.AgentAction, alert.Title!, alert.Text, alert.TaskRunId).Id;
    }

    protected override AgentEventResult GetResult(CommandContext context) => new() { ActivityId = _activityId };
}
