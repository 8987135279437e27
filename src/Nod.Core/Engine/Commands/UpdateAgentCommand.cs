using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>A user renames an agent or changes its description; its owner may also change its webhook URL.</summary>
internal sealed class UpdateAgentCommand(string userId, string agentId, UpdateAgentRequest request) : EngineCommand<Agent>
{
    private AgentRecord? _agent;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        // Where the agent's events go (signed with its key) is the owner's call: a user it is shared with may rename it.
        var agent = request.WebhookUrl is null ? context.VisibleAgent(agentId, userId) : context.OwnedAgent(agentId, userId);
        var limits = context.Limits;
        var name = request.Name is null ? agent.Name : Fields.Required(request.Name, "name", limits.MaxTitleLength).Trim();
        var description = request.Description is null ? agent.Description : EmptyToNull(Fields.Text(request.Description, "description", limits.MaxTextLength));
        var webhookUrl = request.WebhookUrl is null ? agent.WebhookUrl
            : request.WebhookUrl.Length == 0 ? null
            : Fields.HttpUrl(request.WebhookUrl, "webhook_url", limits.MaxUrlLength);
        _agent = agent with { Name = name, Description = description, WebhookUrl = webhookUrl };
        context.PutAgent(_agent);
        context.Emit(new AgentUpdatedFrame { Agent = context.ViewOf(_agent) }, agentId);
        return ValueTask.CompletedTask;
    }

    protected override Agent GetResult(CommandContext context) => context.ViewOf(_agent!);

    private static string? EmptyToNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
