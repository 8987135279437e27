using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Engine;

/// <summary>The activity feed entry a request produces when it is asked (PROTOCOL §7, Activity).</summary>
public sealed class DecisionActivityTests
{
    private const string Emoji = "\U0001F600";

    [Fact]
    public async Task DecisionCreated_LongDescription_PreviewIsCutBeforeACharacterNeverInsideIt()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var description = new string('a', 279) + Emoji + " and the rest";

        var pending = await agent.RequestDecisionAsync(new DecisionEvent { Title = "Deploy?", Description = description, Kind = "approval" }).Within();

        var entry = Assert.Single((await user.GetActivityAsync().Within()).Items, a => a.DecisionId == pending.Id);
        Assert.Equal(ActivityType.DecisionCreated, entry.Type);
        Assert.Equal(new string('a', 279) + "…", entry.Text);
    }

    [Fact]
    public async Task DecisionCreated_DescriptionOfExactly280_ShownWhole()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var description = new string('a', 278) + Emoji;

        var pending = await agent.RequestDecisionAsync(new DecisionEvent { Title = "Deploy?", Description = description, Kind = "approval" }).Within();

        var entry = Assert.Single((await user.GetActivityAsync().Within()).Items, a => a.DecisionId == pending.Id);
        Assert.Equal(description, entry.Text);
    }
}
