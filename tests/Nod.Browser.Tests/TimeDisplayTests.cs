using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

/// <summary>Times as people read them: "seen … ago" that stays true, a device clock that is a little behind, far dates.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TimeDisplayTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task DeviceClockBehindTheServer_OfflineAgentIsSeenNowNotInTheFuture_ATaskDueNextYearShowsItsYear()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.Page.Clock.InstallAsync(new() { TimeDate = DateTime.UtcNow.AddMinutes(-2) });
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        var (agentId, secret, _) = await alice.CreateAgentAsync("Clock bot");
        await (await ExternalAgent.ConnectAsync(fixture.Host.BaseAddress, agentId, secret)).DisposeAsync();
        var runAt = DateTimeOffset.UtcNow.AddDays(400);
        var created = await alice.Context.APIRequest.PostAsync($"/api/app/agents/{agentId}/tasks", new()
        {
            DataObject = new { name = "Yearly review", prompt = "Review the year.", schedule = "once", run_at = runAt.ToString("O") },
        });
        Assert.True(created.Ok, await created.TextAsync());

        // The server's last_seen_at is two minutes ahead of this device: it is still the past.
        await alice.Page.GotoAsync($"/#/agents/{agentId}/tasks");
        await alice.Page.ReloadAsync();
        var status = alice.Main.Locator(".agent-status");
        await Expect(status).ToHaveAttributeAsync("data-online", "false");
        await Expect(status).ToContainTextAsync("seen now");
        await Expect(alice.Page.Locator(".sidebar .agent-item", new() { HasText = "Clock bot" })).ToContainTextAsync("seen now");

        await Expect(alice.Main.Locator(".task", new() { HasText = "Yearly review" }))
            .ToContainTextAsync(new Regex($"Once, at .*{runAt.ToLocalTime().Year}"));
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task AgentHeader_OfflineAgent_SeenTimeKeepsAdvancingWhileThePageStaysOpen()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.Page.Clock.InstallAsync(new() { TimeDate = DateTime.UtcNow });
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        var agent = await alice.CreateConnectedAgentAsync("Away bot");
        var agentId = agent.AgentId;
        await agent.DisposeAsync();

        // Nothing changes on the live stream (here: one that stays silent), so only the passing time can update the header.
        await alice.Page.RouteWebSocketAsync("**/ws/app", _ => { });
        await alice.Page.GotoAsync($"/#/agents/{agentId}/settings");
        await alice.Page.ReloadAsync();
        var status = alice.Main.Locator(".agent-status");
        await Expect(status).ToHaveAttributeAsync("data-online", "false");
        await Expect(status).Not.ToContainTextAsync("minute");

        await alice.Page.Clock.FastForwardAsync("01:10");
        await Expect(status).ToContainTextAsync("seen 1 minute ago");
        await Expect(alice.Page.Locator(".sidebar .agent-item", new() { HasText = "Away bot" })).ToContainTextAsync("seen 1 minute ago");
        alice.AssertNoPageErrors();
    }
}
