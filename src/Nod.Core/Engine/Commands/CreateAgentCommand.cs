using Nod.Internal;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>A user creates an agent; the credentials are returned once.</summary>
internal sealed class CreateAgentCommand(string userId, CreateAgentRequest request) : EngineCommand<AgentCredentials>
{
    private AgentRecord? _agent;
    private string? _secret;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var limits = context.Limits;
        var name = Fields.Required(request.Name, "name", limits.MaxTitleLength);
        var description = Fields.Text(request.Description, "description", limits.MaxTextLength);
        if (!Enum.IsDefined(request.Type))
        {
            throw NodException.Invalid("type must be interactive or approval_only");
        }

        var webhookUrl = Fields.HttpUrl(NullIfEmpty(request.WebhookUrl), "webhook_url", limits.MaxUrlLength);
        _secret = NodIds.AgentSecret();
        _agent = new AgentRecord
        {
            Id = NodIds.Agent(),
            Name = name.Trim(),
            Description = NullIfEmpty(description),
            Type = request.Type,
            WebhookUrl = webhookUrl,
            OwnerId = userId,
            SecretHash = SecretHasher.Hash(_secret),
            WebhookSecret = NodIds.WebhookSecret(),
            CreatedAt = context.Now,
        };
        context.PutAgent(_agent);
        context.Emit(new AgentUpdatedFrame { Agent = context.ViewOf(_agent) }, _agent.Id);
        return ValueTask.CompletedTask;
    }

    protected override AgentCredentials GetResult(CommandContext context) => new()
    {
        Agent = context.ViewOf(_agent!),
        AgentId = _agent!.Id,
        Secret = _secret!,
        WebhookSecret = _agent.WebhookSecret,
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
