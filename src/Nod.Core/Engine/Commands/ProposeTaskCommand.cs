using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>An interactive agent proposes a task: people see an approval card; approving it creates the task.</summary>
internal static class ProposeTaskCommand
{
    public static CreateDecisionCommand Create(string agentId, TaskProposalEvent proposal)
    {
        var schedule = proposal.TaskSchedule switch
        {
            "once" => $"once, at {proposal.TaskRunAt:yyyy-MM-dd HH:mm} UTC",
            "event" => "when its trigger URL is called",
            var cron => $"`{cron}`" + (proposal.TaskTimezone is { } zone ? $" ({zone})" : " (UTC)"),
        };
        var card = new DecisionEvent
        {
            Title = proposal.Title,
            Description = $"**Task:** {proposal.TaskName}\n\n**Schedule:** {schedule}\n\n**Prompt:**\n\n{proposal.TaskPrompt}",
            Kind = "approval",
            ParsedKind = DecisionKind.Approval,
        };
        return new CreateDecisionCommand(agentId, card, proposal: new TaskProposal
        {
            Name = proposal.TaskName!,
            Prompt = proposal.TaskPrompt!,
            Schedule = proposal.TaskSchedule!,
            RunAt = proposal.TaskRunAt,
            Timezone = proposal.TaskTimezone,
        });
    }
}
