using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Engine;

/// <summary>The activity feed entries a request produces when it is asked and when it is answered (PROTOCOL §7, Activity).</summary>
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

    [Fact]
    public async Task RuleAnswer_Allow_EntryNamesThePatternOnce()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "Bash(npm install *)", Effect = RuleEffect.Allow }).Within();

        var pending = await agent.RequestDecisionAsync(EngineTestKit.Permission()).Within();

        var entry = Assert.Single((await user.GetActivityAsync().Within()).Items, a => a.DecisionId == pending.Id && a.Type == ActivityType.DecisionResolved);
        Assert.Equal("Allow: Bash(npm install stripe)", entry.Title);
        Assert.Equal("Always allowed by rule (Bash(npm install *))", entry.Text);
    }

    [Fact]
    public async Task RuleAnswer_Deny_EntryNamesThePatternOnceLikeAllow()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "Bash(npm *)", Effect = RuleEffect.Deny }).Within();

        var pending = await agent.RequestDecisionAsync(EngineTestKit.Permission()).Within();

        var entry = Assert.Single((await user.GetActivityAsync().Within()).Items, a => a.DecisionId == pending.Id && a.Type == ActivityType.DecisionResolved);
        Assert.Equal("Allow: Bash(npm install stripe)", entry.Title);
        Assert.Equal("Rejected by rule (Bash(npm *))", entry.Text);

        // The agent's note is unchanged: it still tells the agent which rule refused it.
        Assert.Equal("Denied by rule: Bash(npm *)", (await pending.Resolution.Within()).Note);
    }

    [Fact]
    public async Task PersonRejects_WithNote_EntryReadsRejectedByTheirNameAndTheNote()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var pending = await agent.RequestDecisionAsync(EngineTestKit.Permission()).Within();

        await user.RejectAsync(pending.Id, "not today").Within();

        var entry = Assert.Single((await user.GetActivityAsync().Within()).Items, a => a.DecisionId == pending.Id && a.Type == ActivityType.DecisionResolved);
        Assert.Equal("Rejected by Alice: not today", entry.Text);
    }
}
