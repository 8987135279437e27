using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>
/// An agent event sent with an <c>Idempotency-Key</c>: the first one runs and its response is stored in the same
/// commit; a repeat within the window (per agent) gets that response and creates nothing.
/// </summary>
internal sealed class IdempotentAgentEventCommand(string agentId, string key, EngineCommand<AgentEventResult> inner) : EngineCommand<AgentEventResult>
{
    private AgentEventResult? _result;
    private bool _replayed;

    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        if (context.State.UncommittedIdempotency.TryGetValue((agentId, key), out var pending))
        {
            Replay(pending.Result);
            return;
        }

        var stored = await context.Store.Idempotency.GetAsync(agentId, key).ConfigureAwait(false);
        if (stored is not null && stored.ExpiresAt > context.Now)
        {
            Replay(stored.Result);
            return;
        }

        await inner.ExecuteAsync(context).ConfigureAwait(false);
        _result = inner.ResultOf(context);
        context.Changes.PutIdempotency(new IdempotencyRecord
        {
            AgentId = agentId,
            Key = key,
            Result = _result,
            CreatedAt = context.Now,
            ExpiresAt = context.Now + context.Options.IdempotencyWindow,
        });
    }

    protected override void OnCommitted(CommandContext context)
    {
        if (!_replayed)
        {
            inner.Complete(context);
        }
    }

    protected override AgentEventResult GetResult(CommandContext context) => _result!;

    private void Replay(AgentEventResult result)
    {
        _result = result;
        _replayed = true;
    }
}
