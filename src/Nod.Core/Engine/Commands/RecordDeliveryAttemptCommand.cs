using Nod.Model;
using Nod.Webhooks;

namespace Nod.Engine.Commands;

/// <summary>
/// The dispatcher reports an attempt: the delivery counts it and becomes delivered, waits for its next attempt, or
/// fails. An outcome for a delivery that changed meanwhile (e.g. redelivered) is ignored.
/// </summary>
internal sealed class RecordDeliveryAttemptCommand(DeliveryAttempt attempt) : EngineCommand<bool>
{
    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        var delivery = await context.FindDeliveryAsync(attempt.EventId).ConfigureAwait(false);
        if (delivery is null || delivery.Status != DeliveryStatus.Pending || (delivery.Attempts, delivery.RetryNum) != attempt.Attempted)
        {
            return;
        }

        var counted = delivery with { Attempts = delivery.Attempts + 1, LastStatusCode = attempt.StatusCode, LastError = attempt.Error };
        context.Changes.PutDelivery(attempt.Next switch
        {
            DeliveryNext.Delivered => counted with { Status = DeliveryStatus.Delivered, DeliveredAt = context.Now, NextAttemptAt = null, LastError = null },
            DeliveryNext.Retry => counted with { RetryNum = delivery.RetryNum + 1, RetryReason = attempt.NextReason!, NextAttemptAt = attempt.NextAttemptAt },
            _ => counted with { Status = DeliveryStatus.Failed, NextAttemptAt = null },
        });
    }

    protected override bool GetResult(CommandContext context) => !context.Changes.IsEmpty;
}
