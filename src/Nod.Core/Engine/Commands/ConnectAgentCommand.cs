using Nod.Internal;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>
/// An agent opens a connection (WebSocket or in-process session). Checks the secret (404 unknown agent, 401 wrong
/// secret), makes sure the default conversation exists, and brings the agent online if it was not.
/// </summary>
internal sealed class ConnectAgentCommand(string agentId, string? secret, string connectionId) : EngineCommand<AgentSessionInfo>
{
    private AgentRecord? _agent;
    private string? _conversationId;
    private AgentConnectionToken? _token;
    private long _logPosition;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        // On the loop, before this batch commits: every event this connection causes (the runs below) comes after it.
        _logPosition = context.Engine.Hub.LastPublishedSeq;
        var agent = context.FindAgent(agentId) ?? throw NodException.NotFound($"agent {agentId} does not exist");
        if (!SecretHasher.Matches(secret, agent.SecretHash))
        {
            throw NodException.Unauthorized($"the secret of agent {agentId} is wrong");
        }

        _conversationId = context.DefaultConversation(agentId).Id;
        var open = context.State.ConnectionsOf(agentId);
        context.Changes.ConnectionChanges.Add((agentId, [.. open, connectionId]));
        if (open.Length == 0)
        {
            context.PutAgent(context.FindAgent(agentId)! with { LastSeenAt = context.Now });
            context.Emit(new AgentStatusFrame { AgentId = agentId, Online = true }, agentId);
            context.AddActivity(agentId, ActivityType.System, "Connected");
        }

        // Runs that fell due or were triggered while the agent was away reach it now (same event ids).
        foreach (var waiting in context.State.OpenRuns.Values.Where(r => r.AgentId == agentId && !r.Delivered).OrderBy(r => r.StartedAt).ToList())
        {
            context.Deliver(waiting, announceAgain: true);
        }

        _agent = context.FindAgent(agentId);
        return ValueTask.CompletedTask;
    }

    protected override void OnCommitted(CommandContext context)
    {
        context.Engine.LastSeen.Touch(agentId, context.Now);
        _token = context.Engine.Connections.Register(agentId, connectionId);
    }

    protected override AgentSessionInfo GetResult(CommandContext context) => new(_agent!, _conversationId!, _token!, _logPosition);
}

/// <summary>What an agent connection needs to know once it is open.</summary>
/// <param name="Agent">The agent as connected.</param>
/// <param name="DefaultConversationId">Its default conversation.</param>
/// <param name="Token">Ends when Nod ends the connection.</param>
/// <param name="ConnectedAfterSeq">The last <c>seq</c> published before the connection: what it delivered comes after.</param>
internal sealed record AgentSessionInfo(AgentRecord Agent, string DefaultConversationId, AgentConnectionToken Token, long ConnectedAfterSeq);
