using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>An agent reports its status (<c>started</c>, <c>stopped</c>, …): a <c>system</c> activity entry.</summary>
internal sealed class LogStatusCommand(string agentId, StatusEvent status) : EngineCommand<AgentEventResult>
{
    private string? _activityId;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        context.CallingAgent(agentId);
        _activityId = context.AddActivity(agentId, ActivityType.System, status.Action!, status.DetailsText).Id;
        return ValueTask.CompletedTask;
    }

    protected override AgentEventResult GetResult(CommandContext context) => new() { ActivityId = _activityId };
}
