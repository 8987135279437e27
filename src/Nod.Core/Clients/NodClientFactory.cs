using Nod.Engine;
using Nod.Engine.Commands;
using Nod.Internal;
using Nod.Model;

namespace Nod.Clients;

/// <summary>The default <see cref="INodClientFactory"/>.</summary>
internal sealed class NodClientFactory(NodEngine engine) : INodClientFactory
{
    public NodUserClient ForUser(string userId, string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        return new NodUserClient(engine, userId, displayName);
    }

    public async Task<NodAgentClient> ConnectAgentAsync(string agentId, string secret, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        var connectionId = NodIds.Connection();
        var session = await engine.ExecuteOwnedAsync(
            new ConnectAgentCommand(agentId, secret, connectionId),
            abandoned => new NodAgentClient(engine, abandoned.Agent, abandoned, connectionId).DisposeAsync(),
            cancellationToken).ConfigureAwait(false);
        return new NodAgentClient(engine, session.Agent, session, connectionId);
    }

    public NodAgentClient AuthenticateAgent(string agentId, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        engine.EnsureRunning();
        var agent = engine.Committed.Agents.GetValueOrDefault(agentId);

        // Compare even for an unknown agent, so both failures take the same time.
        var matches = SecretHasher.Matches(secret, agent?.SecretHash ?? string.Empty);
        if (agent is null || !matches)
        {
            throw NodException.Unauthorized("X-Nod-Agent-Id or X-Nod-Secret is missing or wrong");
        }

        engine.LastSeen.Touch(agentId, Timestamps.Now(engine.Time));
        return new NodAgentClient(engine, agent, session: null, connectionId: null);
    }

    public Task<TriggerAccepted> FireTriggerAsync(string triggerId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(triggerId);
        var max = engine.Options.Limits.MaxTriggerPayloadBytes;
        if (body.Length > max)
        {
            throw new NodException(NodErrorKind.PayloadTooLarge, $"the trigger body is larger than {max} bytes");
        }

        // Answer a trigger that cannot fire from the committed state, so a flood of made-up tokens never reaches the
        // engine (as wrong agent credentials do not); the command checks again against the state it writes.
        engine.EnsureRunning();
        var committed = engine.Committed;
        if (FireTriggerCommand.Target(committed, triggerId, committed.Agents.GetValueOrDefault) is null)
        {
            throw FireTriggerCommand.NotFound();
        }

        return engine.ExecuteAsync(new FireTriggerCommand(triggerId, TriggerPayloads.ToJson(body.Span)), cancellationToken);
    }
}
