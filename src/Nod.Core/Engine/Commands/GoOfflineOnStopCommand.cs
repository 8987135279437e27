using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>
/// Nod is stopping: every connected agent goes offline and every "Thinking…" bubble goes off (<c>disconnected</c>),
/// as when the connections close — logged, so an app that resumes with <c>after</c> after the restart replays to the
/// state its snapshot shows instead of an agent left online or a bubble left on.
/// </summary>
/// <remarks>
/// Also run at start-up after an unclean stop (<paramref name="uncleanStop"/>), which never ran it: on what the stored
/// records say the log left on, put back in the state for it. The time that stop happened is unknown, so the agents keep
/// the last seen the store has.
/// </remarks>
/// <param name="uncleanStop">Whether this is the start-up after an unclean stop rather than the stop itself.</param>
internal sealed class GoOfflineOnStopCommand(bool uncleanStop = false) : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        // An agent is listed here only while it has connections (its entry goes with the last one).
        foreach (var agentId in context.State.Connections.Keys.ToList())
        {
            if (context.FindAgent(agentId) is { } agent)
            {
                context.GoOffline(agent, seenNow: !uncleanStop);
            }
        }

        // Bubbles of agents that use REST only (no connection to close).
        foreach (var (agentId, conversationId) in context.State.Indicators.Keys.ToList())
        {
            context.ClearIndicator(agentId, conversationId, IndicatorReason.Disconnected);
        }

        return ValueTask.CompletedTask;
    }

    protected override bool GetResult(CommandContext context) => true;
}
