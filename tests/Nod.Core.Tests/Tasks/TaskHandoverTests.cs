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
