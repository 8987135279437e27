using System.Text;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Engine;

/// <summary>Edges found in review: what sharees may change, what records print, what ended clients still answer.</summary>
public sealed class ReviewedEdgeTests
{
    [Fact]
    public async Task SharedUser_MayRenameButNotRedirectTheWebhook()
    {
        await using var host = await NodTestHost.StartAsync();
        var (owner, agent, _) = await host.UserWithAgentAsync();
        await owner.ShareAgentAsync(agent.AgentId, "bob").Within();
        var bob = host.Nod.ForUser("bob", "Bob");

        var renamed = await bob.UpdateAgentAsync(agent.AgentId, new UpdateAgentRequest { Name = "Renamed" }).Within();
        var redirect = await Assert.ThrowsAsync<NodException>(() =>
            bob.UpdateAgentAsync(agent.AgentId, new UpdateAgentRequest { WebhookUrl = "https://bob.example.com/steal" }).Within());

        Assert.Equal("Renamed", renamed.Name);
        Assert.Equal(NodErrorKind.Forbidden, redirect.Kind);
        Assert.Null((await owner.GetAgentAsync(agent.AgentId).Within()).WebhookUrl);
        var owners = await owner.UpdateAgentAsync(agent.AgentId, new UpdateAgentRequest { WebhookUrl = "https://owner.example.com/hook" }).Within();
        Assert.Equal("https://owner.example.com/hook", owners.WebhookUrl);
    }

    [Fact]
    public async Task Records_PrintedOrLogged_NeverShowTheSecrets()
    {
        await using var host = await NodTestHost.StartAsync();
        var user = host.Nod.ForUser("alice", "Alice");
        var credentials = await user.CreateAgentAsync(new CreateAgentRequest { Name = "Bot" }).Within();
        var record = await host.Store.Agents.GetAsync(credentials.AgentId).Within();

        var printed = $"{credentials} {record}";

        Assert.DoesNotContain(credentials.Secret, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.WebhookSecret, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(record!.SecretHash, printed, StringComparison.Ordinal);
        Assert.Contains(credentials.AgentId, printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ended_ReadAfterTheClientWasDisposed_DoesNotThrow()
    {
        await using var host = await NodTestHost.StartAsync();
        var (_, agent, _) = await host.UserWithAgentAsync();

        await agent.DisposeAsync();

        Assert.False(agent.IsConnected);
        _ = agent.Ended.IsCancellationRequested;
    }

    [Fact]
    public async Task Trigger_TooManyWaitingForAnAwayAgent_429UntilItTakesThem()
    {
        await using var host = await NodTestHost.StartAsync(o => o.Limits.MaxPendingTriggersPerTask = 3);
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        await agent.DisposeAsync();
        for (var i = 0; i < 3; i++)
        {
            await host.Nod.FireTriggerAsync(task.TriggerId!, Encoding.UTF8.GetBytes($"{{\"i\":{i}}}")).Within();
        }

        var refused = await Assert.ThrowsAsync<NodException>(() => host.Nod.FireTriggerAsync(task.TriggerId!, "{}"u8.ToArray()).Within());
        Assert.Equal(NodErrorKind.RateLimited, refused.Kind);

        await using var back = await host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
        await host.Nod.FireTriggerAsync(task.TriggerId!, "{}"u8.ToArray()).Within();
    }

    [Fact]
    public async Task RunsHandedOverAtConnection_AreNotAlsoSentToTheWebhook()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        await agent.DisposeAsync();
        await user.RunTaskNowAsync(task.Id).Within();
        await user.UpdateAgentAsync(agent.AgentId, new UpdateAgentRequest { WebhookUrl = "https://hooks.example.com/nod" }).Within();

        await using var back = await host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
        await using var updates = back.SubscribeUpdates();
        await updates.NextAsync<TaskDueFrame>();

        Assert.Empty(await user.GetDeliveriesAsync(agent.AgentId).Within());
    }
}
