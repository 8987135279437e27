using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>
/// The agent ends a run, completed or failed (409 if it already ended). A result with no message of the run is posted
/// as the task-result bubble, which turns the conversation's "Thinking…" bubble off like any agent message.
/// </summary>
internal sealed class CompleteRunCommand(string agentId, string runId, CompleteRunRequest request) : EngineCommand<bool>
{
    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = context.CallingAgent(agentId);
        CommandContext.RequireTasks(agent);
        if (request.Status is not (TaskRunStatus.Completed or TaskRunStatus.Failed))
        {
            throw NodException.Invalid("status must be 'completed' or 'failed'");
        }

        var result = Fields.Text(request.Result, "result", context.Limits.MaxTextLength);
        var error = Fields.Text(request.Error, "error", context.Limits.MaxTextLength);
        var run = await context.RunOfAgentAsync(agentId, runId).ConfigureAwait(false);
        if (!run.IsRunning)
        {
            throw NodException.Conflict($"run {runId} has already ended ({run.Status.ToString().ToLowerInvariant()})");
        }

        context.EndRun(run, request.Status, result, error);
        if (!string.IsNullOrWhiteSpace(result) && !run.HasMessage)
        {
            var conversation = context.DefaultConversation(agentId);

            // A message of the agent in that conversation, like any other: its "Thinking…" bubble goes off.
            context.ClearIndicator(agentId, conversation.Id, IndicatorReason.Message);
            context.Changes.PutConversation(conversation with { LastMessageAt = context.Now });
            context.Changes.AddMessage(new Message
            {
                Id = context.Store.Messages.NewMessageId(),
                ConversationId = conversation.Id,
                AgentId = agentId,
                Sender = MessageSender.Agent,
                SenderName = agent.Name,
                Text = result,
                TaskRunId = runId,
                CreatedAt = context.Now,
            });
        }
    }

    protected override bool GetResult(CommandContext context) => true;
}
