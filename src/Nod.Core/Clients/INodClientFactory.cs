using Nod.Model;

namespace Nod;

/// <summary>
/// The entry point to Nod in process: resolve it from the container (<c>AddNod()</c> registers it) to act as a user
/// or to run an agent — no network involved.
/// </summary>
/// <example>
/// <code>
/// var nod = host.Services.GetRequiredService&lt;INodClientFactory&gt;();
/// var alice = nod.ForUser("alice", "Alice");
/// var created = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "Helper" });
/// await using var agent = await nod.ConnectAgentAsync(created.AgentId, created.Secret);
/// await agent.SendMessageAsync("Hello!");
/// </code>
/// </example>
public interface INodClientFactory
{
    /// <summary>A client acting as one user: it sees only agents the user owns or that are shared with them.</summary>
    /// <param name="userId">The user's stable id (from the host's authentication).</param>
    /// <param name="displayName">The name shown on the user's messages and resolutions.</param>
    NodUserClient ForUser(string userId, string displayName);

    /// <summary>
    /// Opens an agent connection: the agent is online until the client is disposed (like an open WebSocket), its
    /// "Thinking…" bubbles clear when it disconnects, and the server may end it (see <see cref="NodAgentClient.Ended"/>).
    /// </summary>
    /// <param name="agentId">The agent id.</param>
    /// <param name="secret">The agent secret.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NodException">404 for an unknown agent, 401 for a wrong secret.</exception>
    Task<NodAgentClient> ConnectAgentAsync(string agentId, string secret, CancellationToken cancellationToken = default);

    /// <summary>
    /// Authenticates an agent without connecting it (like REST calls): it does not come online.
    /// </summary>
    /// <param name="agentId">The agent id.</param>
    /// <param name="secret">The agent secret.</param>
    /// <exception cref="NodException">401 for an unknown agent or a wrong secret.</exception>
    NodAgentClient AuthenticateAgent(string agentId, string secret);

    /// <summary>
    /// Fires an event task's trigger (what <c>POST /api/triggers/{trigger_id}</c> does; the token is the only
    /// credential). The body becomes the run's payload: its JSON, or a JSON string when it is not JSON.
    /// </summary>
    /// <param name="triggerId">The trigger token (<c>trg_…</c>).</param>
    /// <param name="body">The inbound body, at most <see cref="NodLimits.MaxTriggerPayloadBytes"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The trigger's event id and the run created for it.</returns>
    /// <exception cref="NodException">404 for an unknown or disabled trigger (the same answer for both), 413 for a body too large.</exception>
    Task<TriggerAccepted> FireTriggerAsync(string triggerId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);
}
