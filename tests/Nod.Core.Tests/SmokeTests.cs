using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task AgentAndHuman_TalkInProcess_EverythingArrives()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();

        await agent.SendMessageAsync("Hello").Within();
        var created = await stream.Subscription.NextAsync<MessageCreatedFrame>();
        Assert.Equal("Hello", created.Message.Text);

        var pending = await agent.RequestDecisionAsync(new DecisionEvent { Title = "Deploy?", Description = "v2", Kind = "approval" }).Within();
        var card = await stream.Subscription.NextAsync<DecisionCreatedFrame>();
        Assert.Equal(pending.Id, card.Decision.Id);

        await user.ApproveAsync(pending.Id, "go").Within();
        var resolution = await pending.Resolution.Within();
        Assert.Equal(DecisionStatus.Approved, resolution.Status);
        Assert.Equal("go", resolution.Note);
        Assert.Equal("Alice", resolution.ResolvedBy);
    }
}
