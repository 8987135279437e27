using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary><see cref="IAgentStore"/> over the agents collection.</summary>
internal sealed class AgentReader(LiteDbNodStore store) : IAgentStore
{
    public ValueTask<AgentRecord?> GetAsync(string agentId, CancellationToken cancellationToken = default)
    {
        var doc = store.Db.Agents.FindById(agentId);
        return ValueTask.FromResult(doc is null ? null : AgentDocument.To(doc));
    }

    public ValueTask<IReadOnlyList<AgentRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<AgentRecord>>([.. store.Db.Agents.FindAll().Select(AgentDocument.To)]);
}
