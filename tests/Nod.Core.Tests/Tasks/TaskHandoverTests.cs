using System.Text;
using Microsoft.Extensions.Options;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Tasks;

/// <summary>
/// What the transports rely on: trigger URLs under the route prefix, the log position a connection starts from (so the
/// runs it hands over are not missed), and triggers that cannot fire refused before the engine.
/// </summary>
public sealed class TaskHandoverTests
{
    [Theory]
    [InlineData(null, "", "/api/triggers/")]
    [InlineData(null, "/nod", "/nod/api/triggers/")]
    [InlineData("https://nod.example.com/", "/nod/", "https://nod.example.com/nod/api/triggers/")]
    [InlineData("https://example.com/app", "", "https://example.com/app/api/triggers/")]
    public async Task TriggerUrl_PublicBaseUrlAndRoutePrefix_AreJoined(string? publicBaseUrl, string prefix, string expected)
    {
        await using var host = await NodTestHost.StartAsync(o =>
        {
            o.PublicBaseUrl = publicBaseUrl;
            o.RoutePrefix = prefix;
        });
        var (user, agent, _) = await host.UserWithAgentAsync();

        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();

        Assert.Equal(expected + task.TriggerId, task.TriggerUrl);
        Assert.Equal(task.TriggerUrl, Assert.Single(await agent.GetTasksAsync().Within()).TriggerUrl);
    }

    [Theory]
    [InlineData("nod")]
    [InlineData("/nod?x=1")]
    [InlineData("/nod#top")]
    public async Task RoutePrefix_NotAPath_FailsAtStartNamingTheOption(string prefix)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodTestHost.StartAsync(o => o.RoutePrefix = prefix));

        Assert.Contains("NodOptions.RoutePrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectedAfterSeq_TriggerWhileAway_SubscribingAfterItYieldsTheHandedOverTrigger()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        await agent.DisposeAsync();
        var accepted = await host.Nod.FireTriggerAsync(task.TriggerId!, Encoding.UTF8.GetBytes("{\"n\":1}")).Within();

        await using var reconnected = await host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
        await using var fromConnect = reconnected.SubscribeUpdates(reconnected.ConnectedAfterSeq);
        var trigger = await fromConnect.NextAsync<TaskTriggerFrame>();

        Assert.Equal(accepted.EventId, trigger.EventId);
        Assert.Equal(accepted.RunId, trigger.RunId);
        Assert.Empty(await reconnected.GetPendingTriggersAsync().Within());
        Assert.Null(host.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret).ConnectedAfterSeq);
    }

    [Fact]
    public async Task ConnectedAfterSeq_NothingWaiting_IsAtOrAfterEverythingBefore_AndNothingForTheAgentFollows()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await agent.SendMessageAsync("hello").Within();
        var message = Assert.Single((await user.GetMessagesAsync(agent.DefaultConversationId!).Within()).Items);
        await agent.DisposeAsync();

        await using var reconnected = await host.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();

        Assert.True(reconnected.ConnectedAfterSeq >= message.Seq);
        Assert.Empty(await reconnected.GetUpdatesAsync(reconnected.ConnectedAfterSeq!.Value).Within());
    }

    [Fact]
    public async Task FireTrigger_DisabledAfterCreation_RefusedWithTheSameNotFound()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
        await user.DisableTaskAsync(task.Id).Within();

        var disabled = await Assert.ThrowsAsync<NodException>(() => host.Nod.FireTriggerAsync(task.TriggerId!, "{}"u8.ToArray()).Within());
        var unknown = await Assert.ThrowsAsync<NodException>(() => host.Nod.FireTriggerAsync("trg_unknown", "{}"u8.ToArray()).Within());

        Assert.Equal(NodErrorKind.NotFound, disabled.Kind);
        Assert.Equal(unknown.Detail, disabled.Detail);
        Assert.Empty(await user.GetRunsAsync(task.Id).Within());
    }
}
