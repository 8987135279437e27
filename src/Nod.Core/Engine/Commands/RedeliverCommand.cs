using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>
/// A user asks for a delivered or failed webhook delivery to be sent again: a new series of attempts starts now (retry
/// number 0, reason <c>redelivery</c>). A delivery still pending is already being sent: 409 (an attempt in flight must
/// not report into a new series).
/// </summary>
internal sealed class RedeliverCommand(string userId, string agentId, string eventId) : EngineCommand<WebhookDelivery>
{
    private WebhookDelivery? _delivery;

    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = context.VisibleAgent(agentId, userId);
        var delivery = await context.FindDeliveryAsync(eventId).ConfigureAwait(false);
        if (delivery is null || delivery.AgentId != agentId)
        {
            throw NodException.NotFound($"delivery {eventId} was not found");
        }

        if (delivery.Status == DeliveryStatus.Pending)
        {
            throw NodException.Conflict($"delivery {eventId} is still pending: it is being sent");
        }

        if (agent.WebhookUrl is null)
        {
            throw NodException.Conflict($"agent {agentId} has no webhook_url to deliver to");
        }

        _delivery = delivery with
        {
            Status = DeliveryStatus.Pending,
            RetryNum = 0,
            RetryReason = "redelivery",
            NextAttemptAt = context.Now,
            DeliveredAt = null,
        };
        context.Changes.PutDelivery(_delivery);
    }

    protected override WebhookDelivery GetResult(CommandContext context) => _delivery!;
}
