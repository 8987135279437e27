using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

/// <summary>The Demo assistant every user gets at the first sign-in: the app is alive without writing an agent.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoAssistantTests(BrowserFixture fixture)
{
    /// <summary>Records every text the "Thinking…" bubble shows, so a short phase cannot be missed.</summary>
    private const string WatchThinking = """
        () => {
          window.__thinking = [];
          new MutationObserver(() => {
            const bubble = document.querySelector('[data-thinking]');
            if (bubble && !bubble.hidden) window.__thinking.push(bubble.textContent);
          }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        }
        """;

    [BrowserFact]
    public async Task DemoAssistant_GreetsAndRepliesAfterThinking_ShowsAnApprovalAndReactsToTheAnswer()
    {
        var name = fixture.UniqueName("Alice");
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(name);
        await alice.OpenAgentAsync("Demo assistant");

        var greeting = alice.Main.Locator(".msg.from-agent").First;
        await Expect(greeting).ToContainTextAsync($"Hi {name}!");
        foreach (var keyword in new[] { "approval", "choice", "question", "permission", "report", "alert", "image", "task", "help" })
        {
            await Expect(greeting.Locator("strong", new() { HasText = keyword }).First).ToBeVisibleAsync();
        }

        await alice.Page.EvaluateAsync(WatchThinking);
        var composer = alice.Main.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("Show me an approval");
        await composer.PressAsync("Enter");

        var card = alice.Main.Locator(".decision", new() { HasText = "Deploy v2.4.1 to staging?" });
        await Expect(card).ToBeVisibleAsync();
        var seen = await alice.Page.EvaluateAsync<string[]>("() => window.__thinking");
        Assert.Contains(seen, text => text.Contains("Reading your message…", StringComparison.Ordinal));
        Assert.Contains(seen, text => text.Contains("Preparing the approval demo…", StringComparison.Ordinal));
        await Expect(alice.Main.Locator("[data-thinking]")).ToBeHiddenAsync();

        await card.GetByLabel("Note (optional)").FillAsync("go");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(alice.Main.Locator(".msg.from-agent").Last).ToContainTextAsync($"Approved by {name} — note: “go”");

        // Anything else: a reply after thinking, with the user's text quoted as text.
        await composer.FillAsync("<b>hello</b>");
        await composer.PressAsync("Enter");
        await Expect(alice.Main.Locator(".msg.from-agent").Last).ToContainTextAsync("You said:");
        await Expect(alice.Main.Locator(".msg.from-agent").Last.Locator("blockquote")).ToHaveTextAsync("<b>hello</b>");
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task DemoAssistant_Keywords_ShowEveryKindOfRequestAReportAnImageAnAlertAndATaskResult()
    {
        var name = fixture.UniqueName("Alice");
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(name);
        await alice.OpenAgentAsync("Demo assistant");
        var composer = alice.Main.GetByLabel("Message", new() { Exact = true });
        async Task SayAsync(string text)
        {
            await composer.FillAsync(text);
            await composer.PressAsync("Enter");
        }

        await SayAsync("requests");
        foreach (var kind in new[] { "approval", "choice", "question", "permission" })
        {
            await Expect(alice.Main.Locator($".decision[data-kind='{kind}'][data-status='pending']")).ToBeVisibleAsync();
        }

        // The permission: always allowed with the broader pattern; asking again is approved by the rule.
        var permission = alice.Main.Locator(".decision[data-kind='permission']");
        await permission.GetByRole(AriaRole.Button, new() { Name = "Always allow…" }).ClickAsync();
        await permission.GetByRole(AriaRole.Radio, new() { Name = "Any npm install", Exact = false }).CheckAsync();
        await permission.GetByRole(AriaRole.Button, new() { Name = "Always allow", Exact = true }).ClickAsync();
        await Expect(alice.Main.Locator(".msg.from-agent").Last).ToContainTextAsync("Bash(npm install *)");
        await SayAsync("permission again");
        await Expect(alice.Main.Locator(".msg.from-agent", new() { HasText = "Allowed by your always-allow rule" })).ToBeVisibleAsync();

        var choice = alice.Main.Locator(".decision[data-kind='choice']");
        await choice.GetByRole(AriaRole.Button, new() { Name = "eu-west" }).ClickAsync();
        await Expect(alice.Main.Locator(".msg.from-agent", new() { HasText = "chose eu-west" })).ToBeVisibleAsync();

        await SayAsync("report");
        await Expect(alice.Main.Locator(".report-card", new() { HasText = "Weekly report" })).ToBeVisibleAsync();

        await SayAsync("image");
        await Expect(alice.Main.Locator(".msg.from-agent img.msg-image")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^data:image/png;base64,"));
        var loaded = await alice.Main.Locator(".msg.from-agent img.msg-image").EvaluateAsync<bool>("image => image.decode().then(() => image.naturalWidth === 320, () => false)");
        Assert.True(loaded, "The demo image is not a valid PNG.");

        await SayAsync("alert");
        await Expect(alice.Main.Locator(".msg.from-agent", new() { HasText = "I logged two alerts" })).ToBeVisibleAsync();

        await SayAsync("task");
        await Expect(alice.Main.Locator(".msg.is-task-result", new() { HasText = "Demo digest done" })).ToBeVisibleAsync();
        await Expect(alice.Main.Locator("[data-thinking]")).ToBeHiddenAsync();
        await Expect(alice.Main.Locator(".msg.is-task-result")).ToHaveCountAsync(1);   // the run is done once
        await alice.ScreenshotAsync("demo-assistant-desktop");

        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
        await Expect(alice.Main.Locator(".activity-entry", new() { HasText = "Tests passed" })).ToBeVisibleAsync();
        await Expect(alice.Main.Locator(".activity-entry", new() { HasText = "Ran Demo digest" })).ToBeVisibleAsync();
        await alice.ScreenshotAsync("activity-desktop");

        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "Tasks" }).ClickAsync();
        var task = alice.Main.Locator(".task", new() { HasText = "Demo digest" });
        await Expect(task).ToContainTextAsync("Created by");
        await task.GetByRole(AriaRole.Button, new() { Name = "Runs" }).ClickAsync();
        await Expect(task.Locator(".run[data-status='completed']").First).ToContainTextAsync("3 deploys today");

        alice.AssertNoPageErrors();
    }
}
