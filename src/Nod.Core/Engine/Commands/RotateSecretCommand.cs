using Nod.Internal;

namespace Nod.Engine.Commands;

/// <summary>
/// The owner replaces the agent secret (the old one stops working at once and open connections end) or the webhook
/// signing secret.
/// </summary>
internal sealed class RotateSecretCommand(string userId, string agentId, bool webhookSecret) : EngineCommand<string>
{
    private string? _secret;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = context.OwnedAgent(agentId, userId);
        if (webhookSecret)
        {
            _secret = NodIds.WebhookSecret();
            context.PutAgent(agent with { WebhookSecret = _secret });
        }
        else
        {
            _secret = NodIds.AgentSecret();
            context.PutAgent(agent with { SecretHash = SecretHasher.Hash(_secret) });

            // Its open connections end with the old secret: the agent is offline until it reconnects.
            if (context.IsOnline(agentId))
            {
                context.GoOffline(context.FindAgent(agentId)!);
            }
        }

        return ValueTask.CompletedTask;
    }

    protected override string GetResult(CommandContext context) => _secret!;
}
