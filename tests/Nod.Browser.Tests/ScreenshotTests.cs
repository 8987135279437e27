using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

/// <summary>
/// The conversation shown in the README (docs/screenshot-chat.png), at desktop and phone size: an agent's markdown, a
/// report card, the person's reply, a pending approval and the "Thinking…" bubble, all at once.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task Conversation_DesktopAndPhone_AreScreenshotted()
    {
        await using var alice = await fixture.OpenAsync(new ViewportSize { Width = 1280, Height = 960 });
        await alice.SignInAsync("Alice");
        await using var agent = await alice.CreateConnectedAgentAsync("Deploy bot");
        await alice.OpenAgentAsync("Deploy bot");

        await agent.SendAsync(new { type = "message", text = "Good morning! The nightly build of `main` is **green**: 128 tests passed." });
        await agent.SendAsync(new
        {
            type = "message",
            report_title = "Release notes v2.4.1",
            report_description = "4 fixes · 1 feature",
            text = "## Fixes\n- Login timeout\n- CSV export",
        });
        var composer = alice.Main.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("Great, ship it to production today please.");
        await composer.PressAsync("Enter");
        await agent.NextUpdateAsync("user_message");
        await agent.SendAsync(new
        {
            type = "decision",
            kind = "approval",
            title = "Deploy v2.4.1 to production?",
            description = "Staging has been healthy for **24 h**. The rollout takes about 5 minutes.",
            conversation_id = agent.ConversationId,
        });
        await agent.SendAsync(new { type = "agent_heartbeat", status_text = "Preparing the rollout plan…" });
        await Expect(alice.Main.Locator("[data-thinking]")).ToContainTextAsync("Preparing the rollout plan…");
        await Expect(alice.Main.Locator(".decision")).ToBeVisibleAsync();
        await alice.ScreenshotAsync("chat-desktop");

        await using var phone = await fixture.OpenAsync(BrowserFixture.Phone);
        await phone.SignInAsync("Alice");
        await phone.Page.GotoAsync($"/#/agents/{agent.AgentId}");
        await agent.SendAsync(new { type = "agent_heartbeat", status_text = "Preparing the rollout plan…" });
        await Expect(phone.Main.Locator("[data-thinking]")).ToContainTextAsync("Preparing the rollout plan…");
        await Expect(phone.Main.Locator(".decision")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("chat-phone-conversation");
        alice.AssertNoPageErrors();
        phone.AssertNoPageErrors();
    }
}
