using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

/// <summary>An agent shared with another user: what they may change, and what they see when it is taken away.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SharingTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task SharedAgent_RenamedInTheSettingsOfTheUserItIsSharedWith_OwnerSeesTheNewName()
    {
        var bobName = fixture.UniqueName("Bob");
        await using var alice = await fixture.OpenAsync();
        await using var bob = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await bob.SignInAsync(bobName);
        await alice.CreateAgentAsync("Team bot");
        await ShareAsync(alice, "Team bot", AppSession.UserIdOf(bobName));

        await bob.OpenAgentAsync("Team bot", "Settings");
        await bob.Main.GetByLabel("Name", new() { Exact = true }).FillAsync("Team bot (staging)");
        await bob.Main.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(bob.Page.Locator(".toast")).ToContainTextAsync("Saved");
        await Expect(bob.Main.Locator(".form-error")).ToBeHiddenAsync();
        await Expect(bob.Main.Locator(".agent-title")).ToHaveTextAsync("Team bot (staging)");

        await alice.Page.GotoAsync("/#/");
        await Expect(alice.AgentItem("Team bot (staging)")).ToBeVisibleAsync();
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task SharedAgent_UnsharedThenAnotherDeleted_TheirPendingRequestsLeaveTheOpenInbox()
    {
        var bobName = fixture.UniqueName("Bob");
        await using var alice = await fixture.OpenAsync();
        await using var bob = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await bob.SignInAsync(bobName);
        var (sharedId, sharedSecret, _) = await alice.CreateAgentAsync("Shared gate", approvalOnly: true);
        var (ownId, ownSecret, _) = await bob.CreateAgentAsync("Own gate", approvalOnly: true);
        await ShareAsync(alice, "Shared gate", AppSession.UserIdOf(bobName));

        await bob.Page.GotoAsync("/#/requests");
        var shared = await ExternalAgent.Rest(fixture.Host.BaseAddress, sharedId, sharedSecret)
            .PostEventAsync(new { type = "decision", kind = "approval", title = "Shared request", description = "From Alice's agent." });
        var own = await ExternalAgent.Rest(fixture.Host.BaseAddress, ownId, ownSecret)
            .PostEventAsync(new { type = "decision", kind = "approval", title = "Own request", description = "From Bob's agent." });
        var sharedCard = bob.Main.Locator($"[data-decision-id='{shared.GetProperty("decision_id").GetString()}']");
        var ownCard = bob.Main.Locator($"[data-decision-id='{own.GetProperty("decision_id").GetString()}']");
        await Expect(sharedCard).ToBeVisibleAsync();
        await Expect(ownCard).ToBeVisibleAsync();

        // Alice stops sharing: Bob can no longer answer, so the card goes (not left with buttons that answer 404).
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = $"Stop sharing with {AppSession.UserIdOf(bobName)}" }).ClickAsync();
        await Expect(sharedCard).ToHaveCountAsync(0);
        await Expect(ownCard).ToBeVisibleAsync();

        // Bob deletes his own agent in another tab: its card goes too, and the empty inbox says so.
        var otherTab = await bob.Context.NewPageAsync();
        await otherTab.GotoAsync($"/#/agents/{ownId}/settings");
        otherTab.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await otherTab.GetByRole(AriaRole.Button, new() { Name = "Delete Own gate" }).ClickAsync();
        await Expect(ownCard).ToHaveCountAsync(0);
        await Expect(bob.Main.Locator(".empty")).ToBeVisibleAsync();
        await Expect(bob.Page.Locator(".sidebar [data-requests-badge]")).ToBeHiddenAsync();
        bob.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task AgentSharedWhileTheAppIsOpen_ShowsItsPendingRequestsAndThinkingAtOnce()
    {
        var bobName = fixture.UniqueName("Bob");
        await using var alice = await fixture.OpenAsync();
        await using var bob = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await bob.SignInAsync(bobName);
        var (agentId, secret, _) = await alice.CreateAgentAsync("Busy bot");
        var agent = ExternalAgent.Rest(fixture.Host.BaseAddress, agentId, secret);
        var request = await agent.PostEventAsync(new { type = "decision", kind = "approval", title = "Deploy?", description = "Before sharing." });
        await agent.PostEventAsync(new { type = "processing_start", status_text = "Deploying" });
        await bob.Page.GotoAsync("/#/requests");
        await Expect(bob.Main.Locator(".empty")).ToBeVisibleAsync();

        // Shared while Bob's app is open: what was already pending and thinking shows without a reload.
        await ShareAsync(alice, "Busy bot", AppSession.UserIdOf(bobName));
        await Expect(bob.Main.Locator($"[data-decision-id='{request.GetProperty("decision_id").GetString()}']")).ToBeVisibleAsync();
        await Expect(bob.Page.Locator(".sidebar [data-requests-badge]")).ToHaveTextAsync("1");
        await Expect(bob.Page.Locator(".sidebar .agent-item", new() { HasText = "Busy bot" }).Locator(".thinking-label")).ToBeVisibleAsync();
        bob.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task SharedAgent_RenamedByTheOwner_OpenSettingsOfTheOtherUserFollowUnlessBeingEdited()
    {
        var bobName = fixture.UniqueName("Bob");
        await using var alice = await fixture.OpenAsync();
        await using var bob = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await bob.SignInAsync(bobName);
        await alice.CreateAgentAsync("Old name");
        await ShareAsync(alice, "Old name", AppSession.UserIdOf(bobName));
        await bob.OpenAgentAsync("Old name", "Settings");
        var nameField = bob.Main.GetByLabel("Name", new() { Exact = true });
        var bobDescription = bob.Main.GetByLabel("Description", new() { Exact = true });
        await bobDescription.FillAsync("Bob is typing this");

        await alice.Main.GetByLabel("Name", new() { Exact = true }).FillAsync("New name");
        await alice.Main.GetByLabel("Description", new() { Exact = true }).FillAsync("Alice's description");
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(alice.Page.Locator(".toast")).ToContainTextAsync("Saved");

        // Bob's untouched field follows, the one he is editing keeps his text, and the tab title follows too.
        await Expect(nameField).ToHaveValueAsync("New name");
        await Expect(bobDescription).ToHaveValueAsync("Bob is typing this");
        await Expect(bob.Page).ToHaveTitleAsync("New name — Nod");
        bob.AssertNoPageErrors();
    }

    private static async Task ShareAsync(AppSession owner, string agentName, string userId)
    {
        await owner.OpenAgentAsync(agentName, "Settings");
        await owner.Main.GetByLabel("Share with user").FillAsync(userId);
        await owner.Main.GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true }).ClickAsync();
        await Expect(owner.Main.Locator(".plain-list code", new() { HasText = userId })).ToBeVisibleAsync();
    }
}
