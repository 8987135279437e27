using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.Core.Tests.Engine;

/// <summary>A decision keeps the seq of its creation through every later write, so request lists stay in creation order.</summary>
public sealed class DecisionSeqTests
{
    [Fact]
    public async Task ResolveDecision_CreatedInAnEarlierBatch_StoredSeqStaysTheCreationSeq()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var older = await agent.RequestDecisionAsync(new DecisionEvent { Title = "Older?", Description = "d", Kind = "approval" }).Within();
        var newer = await agent.RequestDecisionAsync(new DecisionEvent { Title = "Newer?", Description = "d", Kind = "approval" }).Within();

        await user.ApproveAsync(newer.Id).Within();

        var created = (await host.Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, [credentials.AgentId], 1000)).Within())
            .Where(e => e.Frame is DecisionCreatedFrame)
            .ToDictionary(e => ((DecisionCreatedFrame)e.Frame).Decision.Id, e => e.Seq);
        Assert.Equal(created[newer.Id], (await host.Store.Decisions.GetAsync(newer.Id).Within())!.Seq);
        var all = await user.GetDecisionsAsync(new DecisionQuery { Status = DecisionFilter.All }).Within();
        Assert.Equal([newer.Id, older.Id], all.Items.Select(d => d.Id));
    }

    [Fact]
    public async Task ResolveDecision_CreatedInAnEarlierBatch_ResultAndAgentCarryTheCreationSeq()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var pending = await agent.RequestDecisionAsync(new DecisionEvent { Title = "Go?", Description = "d", Kind = "approval" }).Within();
        var createdSeq = (await host.Store.Events.ReadAsync(new EventLogQuery(0, EventAudience.App, [credentials.AgentId], 1000)).Within())
            .Single(e => e.Frame is DecisionCreatedFrame).Seq;

        // Not read back from the store: straight from the engine, whose working copy predates the seal.
        var resolved = await user.ApproveAsync(pending.Id).Within();
        var heard = await pending.Resolution.Within();

        Assert.Equal(createdSeq, resolved.Seq);
        Assert.Equal(createdSeq, heard.Seq);
    }
}
