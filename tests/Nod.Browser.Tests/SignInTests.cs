using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task SignIn_WithADisplayName_OpensTheAppWithTheDemoAssistantOnline()
    {
        var name = fixture.UniqueName("Alice");
        await using var alice = await fixture.OpenAsync();

        await alice.SignInAsync(name);

        var demo = alice.AgentItem("Demo assistant");
        await Expect(demo).ToBeVisibleAsync();
        await Expect(demo.Locator(".presence-dot")).ToHaveAttributeAsync("data-presence", "online");
        await alice.ScreenshotAsync("agents-desktop");
    }
}
