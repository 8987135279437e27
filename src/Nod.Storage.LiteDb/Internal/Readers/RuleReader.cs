using LiteDB;
using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary><see cref="IRuleStore"/> over the rules collection (indexed by agent).</summary>
internal sealed class RuleReader(LiteDbNodStore store) : IRuleStore
{
    public ValueTask<IReadOnlyList<Rule>> ListByAgentAsync(string agentId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<Rule>>([.. store.Db.Rules.Find(Query.EQ(RuleDocument.Agent, agentId))
            .Select(RuleDocument.To)
            .OrderBy(r => r.CreatedAt)
            .ThenBy(r => r.Id, StringComparer.Ordinal)]);

    public ValueTask<IReadOnlyList<Rule>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<Rule>>([.. store.Db.Rules.FindAll().Select(RuleDocument.To)]);
}
