namespace Nod.Engine.Commands;

/// <summary>
/// An agent connection closed. When it was the last one, the agent goes offline and its "Thinking…" bubbles clear
/// (reason <c>disconnected</c>).
/// </summary>
internal sealed class DisconnectAgentCommand(string agentId, string connectionId) : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = context.FindAgent(agentId);
        var open = context.State.ConnectionsOf(agentId);

        // Already gone (the server ended it: secret rotated, agent deleted): nothing to count down twice.
        if (agent is null || !open.Contains(connectionId, StringComparer.Ordinal))
        {
            return ValueTask.CompletedTask;
        }

        var remaining = open.Where(id => id != connectionId).ToArray();
        if (remaining.Length == 0)
        {
            context.GoOffline(agent);
        }
        else
        {
            context.Changes.ConnectionChanges.Add((agentId, remaining));
        }

        return ValueTask.CompletedTask;
    }

    protected override void OnCommitted(CommandContext context)
    {
        context.Engine.Connections.Unregister(agentId, connectionId);
        context.Engine.LastSeen.Touch(agentId, context.Now);
    }

    protected override bool GetResult(CommandContext context) => true;
}
