using Microsoft.Extensions.DependencyInjection;
using Nod.Core.Tests.Infrastructure;
using Nod.Engine;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Engine;

/// <summary>Waiting for a decision never misses its resolution, whichever batch the resolution is in.</summary>
public sealed class WatchDecisionTests
{
    [Fact]
    public async Task WaitForResolution_ResolvedEarlierInTheSameBatch_CompletesWithTheResolution()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var decision = await agent.RequestDecisionAsync(new DecisionEvent { Title = "Go?", Description = "d", Kind = "approval" }).Within();
        var engine = host.Services.GetRequiredService<NodEngine>();

        // Hold the loop inside one command while the resolution and the watch queue up behind it: one batch.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = engine.ExecuteAsync(new GateCommand(gate.Task));
        var resolving = user.ApproveAsync(decision.Id);
        var watching = agent.WaitForResolutionAsync(decision.Id);
        gate.SetResult();

        await held.Within();
        Assert.Equal(DecisionStatus.Approved, (await resolving.Within()).Status);
        Assert.Equal(DecisionStatus.Approved, (await watching.Within()).Status);
    }

    private sealed class GateCommand(Task gate) : EngineCommand<bool>
    {
        public override async ValueTask ExecuteAsync(CommandContext context) => await gate;

        protected override bool GetResult(CommandContext context) => true;
    }
}
