using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

/// <summary>Agents: creating one, who sees what, settings (webhook and deliveries, secrets).</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AgentTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task NewAgent_ShowsIdSecretAndSigningSecretOnce_WithCopyButtonsAndACurlThatWorks()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "+ New agent" }).ClickAsync();
        await Expect(alice.Main.GetByRole(AriaRole.Heading, new() { Name = "New agent" })).ToBeVisibleAsync();

        var (agentId, secret, webhookSecret) = await alice.CreateAgentAsync("Build bot");
        Assert.Matches("^agt_[0-9a-f]{16}$", agentId);
        Assert.Matches("^nod_[0-9a-f]{40}$", secret);
        Assert.StartsWith("whsec_", webhookSecret, StringComparison.Ordinal);
        var credentials = alice.Main.Locator(".credentials");
        await Expect(credentials).ToContainTextAsync("Shown only once");
        await Expect(credentials.GetByRole(AriaRole.Button, new() { Name = "Copy secret" })).ToBeVisibleAsync();
        await Expect(credentials.GetByRole(AriaRole.Button, new() { Name = "Copy agent id" })).ToBeVisibleAsync();
        await Expect(credentials.GetByRole(AriaRole.Button, new() { Name = "Copy webhook signing secret" })).ToBeVisibleAsync();
        await alice.ScreenshotAsync("new-agent-desktop");

        // The copy button copies.
        await alice.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await credentials.GetByRole(AriaRole.Button, new() { Name = "Copy secret" }).ClickAsync();
        Assert.Equal(secret, await alice.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Secret copied" })).ToHaveCountAsync(1);

        // The curl example is ready to paste: its URL, headers and body work as they are.
        var curl = await credentials.Locator(".copy-block pre").InnerTextAsync();
        Assert.StartsWith($"curl -s '{fixture.Host.BaseAddress}api/agent/events'", curl, StringComparison.Ordinal);
        var headers = CurlHeader().Matches(curl).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(agentId, headers["X-Nod-Agent-Id"]);
        Assert.Equal(secret, headers["X-Nod-Secret"]);
        var body = CurlBody().Match(curl).Groups[1].Value;
        var agent = ExternalAgent.Rest(fixture.Host.BaseAddress, headers["X-Nod-Agent-Id"], headers["X-Nod-Secret"]);
        await agent.PostEventAsync(JsonDocument.Parse(body).RootElement);

        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "Open chat" }).ClickAsync();
        await Expect(alice.Main.Locator(".msg.from-agent")).ToContainTextAsync("Hello from curl");

        // Shown once: the agent's settings show its id, never its secret.
        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(alice.Main.Locator(".settings")).ToContainTextAsync(agentId);
        await Expect(alice.Main.Locator(".settings")).Not.ToContainTextAsync(secret);
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task TwoUsers_EachSeesOnlyTheirOwnAgentsAndRequests()
    {
        var aliceName = fixture.UniqueName("Alice");
        var bobName = fixture.UniqueName("Bob");
        await using var alice = await fixture.OpenAsync();
        await using var bob = await fixture.OpenAsync();
        await alice.SignInAsync(aliceName);
        await bob.SignInAsync(bobName);
        await using var agent = await alice.CreateConnectedAgentAsync("Alice's private bot");
        await agent.SendAsync(new { type = "decision", kind = "approval", title = "Only for Alice", description = "Private." });

        await alice.Page.GotoAsync("/#/");
        await Expect(alice.AgentItem("Alice's private bot")).ToBeVisibleAsync();
        await Expect(alice.Main.Locator(".agent-item")).ToHaveCountAsync(2);   // hers and her Demo assistant
        await Expect(alice.Page.Locator(".sidebar [data-requests-badge]")).ToHaveTextAsync("1");

        await bob.Page.GotoAsync("/#/");
        await Expect(bob.Main.Locator(".agent-item")).ToHaveCountAsync(1);
        await Expect(bob.AgentItem("Demo assistant")).ToBeVisibleAsync();
        await Expect(bob.Page.Locator(".sidebar [data-requests-badge]")).ToBeHiddenAsync();
        await bob.Page.GotoAsync("/#/requests");
        await Expect(bob.Main.Locator(".decision")).ToHaveCountAsync(0);

        // Alice's agent by its id: not found for Bob, whether it exists or not.
        await bob.Page.GotoAsync($"/#/agents/{agent.AgentId}");
        await Expect(bob.Main.GetByRole(AriaRole.Heading, new() { Name = "Agent not found" })).ToBeVisibleAsync();

        // Live events of Alice's agent never reach Bob.
        await agent.SendAsync(new { type = "decision", kind = "approval", title = "Also only for Alice", description = "Private." });
        await Expect(alice.Page.Locator(".sidebar [data-requests-badge]")).ToHaveTextAsync("2");
        await bob.Page.GotoAsync("/#/requests");
        await Expect(bob.Main.Locator(".empty")).ToBeVisibleAsync();
        await Expect(bob.Main.Locator(".decision")).ToHaveCountAsync(0);
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Settings_WebhookUrlDeliveriesAndRedeliver_ThenRotatedSecretReplacesTheOldOne()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.DefaultStatus = 400;
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        var (agentId, secret, _) = await alice.CreateAgentAsync("Hook bot");

        // The webhook URL, set in the settings.
        await alice.OpenAgentAsync("Hook bot", "Settings");
        await alice.Main.GetByLabel("Webhook URL").FillAsync(receiver.Url);
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(alice.Page.Locator(".toast")).ToContainTextAsync("Saved");

        // The agent has no socket: a message goes to its webhook, which answers 400 — the delivery fails.
        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "Chat" }).ClickAsync();
        await alice.Main.GetByLabel("Message", new() { Exact = true }).FillAsync("Are you there?");
        await alice.Main.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
        var first = await receiver.NextAsync();
        Assert.Equal("first_attempt", first.Header("X-Nod-Retry-Reason"));

        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        var delivery = alice.Main.Locator(".delivery", new() { HasText = "user_message" });
        await Expect(delivery).ToHaveAttributeAsync("data-status", "failed");
        await Expect(delivery).ToContainTextAsync("HTTP 400");
        await Expect(delivery).ToContainTextAsync(first.Header("X-Nod-Event-Id"));
        await alice.ScreenshotAsync("settings-desktop", fullPage: true);

        receiver.DefaultStatus = 200;
        await delivery.GetByRole(AriaRole.Button, new() { Name = "Redeliver" }).ClickAsync();
        var again = await receiver.NextAsync();
        Assert.Equal("redelivery", again.Header("X-Nod-Retry-Reason"));
        Assert.Equal(first.Header("X-Nod-Event-Id"), again.Header("X-Nod-Event-Id"));
        await Expect(delivery).ToHaveAttributeAsync("data-status", "delivered");

        // Rotating the secret shows the new one once; the old one stops working.
        alice.AcceptNextDialog();
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        var rotated = alice.Main.Locator(".rotated .credentials");
        await Expect(rotated).ToContainTextAsync("Shown only once");
        var newSecret = await rotated.Locator(".copy-field.secret .copy-value").InnerTextAsync();
        Assert.NotEqual(secret, newSecret);
        var (oldStatus, _) = await ExternalAgent.Rest(fixture.Host.BaseAddress, agentId, secret).CallAsync(HttpMethod.Get, "/api/agent/updates");
        Assert.Equal((int)HttpStatusCode.Unauthorized, oldStatus);
        var (newStatus, _) = await ExternalAgent.Rest(fixture.Host.BaseAddress, agentId, newSecret).CallAsync(HttpMethod.Get, "/api/agent/updates");
        Assert.Equal((int)HttpStatusCode.OK, newStatus);
        alice.AssertNoPageErrors();
    }

    [GeneratedRegex("-H '(X-Nod-[A-Za-z-]+): ([^']+)'")]
    private static partial Regex CurlHeader();

    [GeneratedRegex("-d '([^']+)'")]
    private static partial Regex CurlBody();
}
