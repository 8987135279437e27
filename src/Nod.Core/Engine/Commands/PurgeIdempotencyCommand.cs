namespace Nod.Engine.Commands;

/// <summary>Posted hourly by the deadline queue: forgets idempotency keys whose window has passed.</summary>
internal sealed class PurgeIdempotencyCommand : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        context.Changes.PurgeIdempotency(context.Now);
        return ValueTask.CompletedTask;
    }

    protected override void OnCommitted(CommandContext context) => context.Engine.ScheduleIdempotencyPurge();

    protected override bool GetResult(CommandContext context) => true;
}
