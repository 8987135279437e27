using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

/// <summary>The app on a phone-sized screen (390×844, touch), and used with the keyboard alone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneAndKeyboardTests(BrowserFixture fixture)
{
    // Against the phone's width, not window.innerWidth: a mobile browser zooms out to fit a page that is slightly too wide.
    private static readonly string NoHorizontalScroll = $"() => document.documentElement.scrollWidth <= {BrowserFixture.Phone.Width}";

    [BrowserFact]
    public async Task Phone_EveryMainScreenFitsTheWidth_TabBarAndBackLinkNavigate_ReportOpensFullScreen()
    {
        await using var alice = await fixture.OpenAsync(BrowserFixture.Phone);
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await using var agent = await alice.CreateConnectedAgentAsync("Phone bot");

        // Agents: the list is the home screen; the desktop sidebar is hidden, the tab bar shows.
        await alice.Page.GotoAsync("/#/");
        var tabBar = alice.Page.Locator("nav.tabbar");
        await Expect(tabBar).ToBeVisibleAsync();
        await Expect(alice.Page.Locator(".sidebar")).ToBeHiddenAsync();
        await Expect(alice.AgentItem("Phone bot")).ToBeVisibleAsync();
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll));
        await alice.ScreenshotAsync("agents-phone");

        // Chat: full height, composer at the bottom, a back link instead of the tab bar.
        await alice.AgentItem("Phone bot").TapAsync();
        await Expect(alice.Main.Locator(".agent-title")).ToHaveTextAsync("Phone bot");
        await Expect(tabBar).ToBeHiddenAsync();
        await agent.SendAsync(new { type = "message", text = "A long line that must wrap on a narrow screen: " + string.Concat(Enumerable.Repeat("word ", 40)) });
        await agent.SendAsync(new { type = "message", report_title = "Nightly report", report_description = "All green", text = "## Details\n| a | b |\n|---|---|\n| 1 | 2 |" });
        await agent.SendAsync(new { type = "decision", kind = "choice", title = "Pick a region", description = "One of them.", options = new[] { "us-east", "eu-west", "ap-south" }, conversation_id = agent.ConversationId });
        await agent.SendAsync(new { type = "agent_heartbeat", status_text = "Checking the phone layout" });
        await Expect(alice.Main.Locator("[data-thinking]")).ToContainTextAsync("Checking the phone layout");
        var composer = alice.Main.GetByLabel("Message", new() { Exact = true });
        await Expect(composer).ToBeInViewportAsync();
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll));
        await alice.ScreenshotAsync("chat-phone");

        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Nightly report", Exact = false }).TapAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Nightly report" });
        await Expect(dialog).ToBeVisibleAsync();
        var box = await dialog.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width >= 389 && box.Height >= 843, $"The report is not full screen: {box.Width}×{box.Height}");
        await alice.ScreenshotAsync("report-phone");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).TapAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        // The other tabs of the agent.
        foreach (var tab in new[] { "Requests", "Activity", "Tasks", "Settings" })
        {
            await alice.Main.GetByRole(AriaRole.Link, new() { Name = tab, Exact = false }).TapAsync();
            await Expect(alice.Main.Locator(".tab.active")).ToContainTextAsync(tab);
            Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll), $"{tab} scrolls sideways");
        }

        await alice.ScreenshotAsync("settings-phone");

        // Back to the list, then the inbox and the activity feed through the tab bar.
        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "All agents" }).TapAsync();
        await Expect(tabBar).ToBeVisibleAsync();
        await tabBar.GetByRole(AriaRole.Link, new() { Name = "Requests" }).TapAsync();
        await Expect(tabBar.Locator("[data-requests-badge]")).ToHaveTextAsync("1");
        var card = alice.Main.Locator(".decision", new() { HasText = "Pick a region" });
        await Expect(card).ToBeVisibleAsync();
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll));
        await alice.ScreenshotAsync("requests-phone");
        await card.GetByRole(AriaRole.Button, new() { Name = "eu-west" }).TapAsync();
        var resolved = await agent.NextUpdateAsync("decision_resolved");
        Assert.Equal("eu-west", resolved.GetProperty("note").GetString());

        await tabBar.GetByRole(AriaRole.Link, new() { Name = "Activity" }).TapAsync();
        await Expect(alice.Main.Locator(".activity-entry").First).ToBeVisibleAsync();
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll));
        await alice.ScreenshotAsync("activity-phone");
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Phone_LongUnbrokenNamesTitlesPatternsAndUrls_WrapInsteadOfWideningAnyScreen()
    {
        await using var alice = await fixture.OpenAsync(BrowserFixture.Phone);
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        var word = (char letter) => new string(letter, 160);
        var agentName = "Bot-" + word('n');
        var (agentId, secret, _) = await alice.CreateAgentAsync(agentName);
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll), "The new agent's credentials scroll sideways");

        // Everything an agent or a person names can be one long word: a path, a pattern, an option, a task name.
        var agent = ExternalAgent.Rest(fixture.Host.BaseAddress, agentId, secret);
        await agent.PostEventAsync(new
        {
            type = "decision", kind = "permission", title = "Allow: Bash(" + word('p') + ")", description = "A long command.",
            permission = "Bash(" + word('p') + ")", allows_always = true,
            always_allow_options = new[] { new { pattern = "Bash(" + word('q') + "*)", label = "Any of these" } },
        });
        await agent.PostEventAsync(new { type = "decision", kind = "choice", title = "Pick one", description = "Options.", options = new[] { word('o'), "short" } });
        await agent.PostEventAsync(new { type = "alert", title = word('t'), text = "/srv/" + word('d') });
        var api = alice.Context.APIRequest;
        Assert.True((await api.PostAsync($"/api/app/agents/{agentId}/tasks", new() { DataObject = new { name = word('k'), prompt = word('r'), schedule = "event" } })).Ok);
        Assert.True((await api.PostAsync($"/api/app/agents/{agentId}/rules", new() { DataObject = new { pattern = word('w'), effect = "allow" } })).Ok);

        await alice.Page.GotoAsync("/#/requests");
        await Expect(alice.Main.Locator(".decision")).ToHaveCountAsync(2);
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Always allow…" }).TapAsync();
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Other…" }).TapAsync();
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll), "The requests inbox scrolls sideways");

        await alice.Page.GotoAsync("/#/activity");
        await Expect(alice.Main.Locator(".activity-entry", new() { HasText = word('t') })).ToBeVisibleAsync();
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll), "The activity feed scrolls sideways");

        await alice.Page.GotoAsync($"/#/agents/{agentId}/tasks");
        await Expect(alice.Main.Locator(".task")).ToHaveCountAsync(1);
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll), "The tasks scroll sideways");

        await alice.Page.GotoAsync($"/#/agents/{agentId}/settings");
        await Expect(alice.Main.Locator(".rule")).ToHaveCountAsync(1);
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll), "The settings scroll sideways");

        // The agent's own requests tab too.
        await alice.Page.GotoAsync($"/#/agents/{agentId}/requests");
        await Expect(alice.Main.Locator(".decision")).ToHaveCountAsync(2);
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll), "The agent's requests scroll sideways");
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Phone_Reconnecting_TopBarFitsTheWidth_RetryNowAndSignOutStayReachable()
    {
        await using var alice = await fixture.OpenAsync(BrowserFixture.Phone);
        await alice.SignInAsync(fixture.UniqueName("Alice Longname-Withsurname"));

        // The live stream is refused (a proxy, a network that drops WebSockets): the app says so and offers a retry.
        var refuse = true;
        await alice.Page.RouteWebSocketAsync("**/ws/app", socket =>
        {
            if (Volatile.Read(ref refuse))
            {
                _ = socket.CloseAsync();
            }
            else
            {
                socket.ConnectToServer();
            }
        });
        await alice.Page.ReloadAsync();
        var connection = alice.Page.Locator("#connection");
        await Expect(connection).ToHaveAttributeAsync("data-status", "reconnecting");
        var retry = connection.GetByRole(AriaRole.Button, new() { Name = "Retry now" });
        await Expect(retry).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeInViewportAsync(new() { Ratio = 1 });
        Assert.True(await alice.Page.EvaluateAsync<bool>(NoHorizontalScroll), "The top bar widens the page while reconnecting");

        Volatile.Write(ref refuse, false);
        await retry.TapAsync();
        await Expect(connection).ToHaveAttributeAsync("data-status", "live");
    }

    [BrowserFact]
    public async Task Keyboard_SignInOpenAnAgentSendAndAnswer_WithoutAMouse()
    {
        var name = fixture.UniqueName("Alice");
        await using var alice = await fixture.OpenAsync();
        var keyboard = alice.Page.Keyboard;

        // The sign-in field has the focus; Enter submits.
        await alice.Page.GotoAsync("/account/login");
        await Expect(alice.Page.GetByLabel("Your display name")).ToBeFocusedAsync();
        await keyboard.TypeAsync(name);
        await keyboard.PressAsync("Enter");
        await Expect(alice.Page.Locator("#user-name")).ToHaveTextAsync(name);

        // Tab reaches the Demo assistant; Enter opens it and the composer gets the focus.
        var demoLink = alice.Main.Locator(".agent-item", new() { HasText = "Demo assistant" });
        await Expect(demoLink).ToBeVisibleAsync();
        await TabUntilFocusedAsync(alice, demoLink);
        await keyboard.PressAsync("Enter");
        var composer = alice.Main.GetByLabel("Message", new() { Exact = true });
        await Expect(composer).ToBeFocusedAsync();
        await keyboard.TypeAsync("question");
        await keyboard.PressAsync("Enter");

        // The request card's field and button are reachable with Tab.
        var card = alice.Main.Locator(".decision[data-kind='question']");
        await Expect(card).ToBeVisibleAsync();
        var answer = card.GetByLabel("Your answer");
        await answer.FocusAsync();
        await keyboard.TypeAsync("Aurora");
        await keyboard.PressAsync("Tab");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Send answer" })).ToBeFocusedAsync();
        await keyboard.PressAsync("Enter");
        await Expect(alice.Main.Locator(".msg.from-agent").Last).ToContainTextAsync("answered: “Aurora”");
        await Expect(card).ToHaveAttributeAsync("data-status", "responded");
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Keyboard_FocusStaysOnTheAgentListWhileItChangesLive()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        var (agentId, secret, _) = await alice.CreateAgentAsync("Busy bot");
        await alice.Page.GotoAsync("/#/");
        var link = alice.AgentItem("Busy bot");
        await TabUntilFocusedAsync(alice, link);

        // Online, thinking, a pending request: the list is redrawn each time, the focus stays.
        await using var agent = await ExternalAgent.ConnectAsync(fixture.Host.BaseAddress, agentId, secret);
        await agent.SendAsync(new { type = "agent_heartbeat", status_text = "Busy" });
        await Expect(link).ToContainTextAsync("Thinking…");
        await agent.SendAsync(new { type = "decision", kind = "approval", title = "OK?", description = "Fine." });
        await Expect(link.Locator(".badge")).ToHaveTextAsync("1");
        await Expect(link).ToBeFocusedAsync();
        await alice.Page.Keyboard.PressAsync("Enter");
        await Expect(alice.Main.Locator(".agent-title")).ToHaveTextAsync("Busy bot");
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Keyboard_RevokingARuleOrDeletingATask_FocusMovesToTheNextOneNotToThePage()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await alice.CreateAgentAsync("Tidy bot");
        await alice.OpenAgentAsync("Tidy bot", "Settings");
        foreach (var pattern in new[] { "Bash(ls)", "Bash(pwd)" })
        {
            await alice.Main.GetByLabel("Pattern").FillAsync(pattern);
            await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
            await Expect(alice.Main.GetByRole(AriaRole.Button, new() { Name = $"Revoke {pattern}" })).ToBeVisibleAsync();
        }

        // Revoked with the keyboard: the focus goes to the rule that took its place, then to the pattern field.
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Revoke Bash(ls)" }).FocusAsync();
        await alice.Page.Keyboard.PressAsync("Enter");
        await Expect(alice.Main.GetByRole(AriaRole.Button, new() { Name = "Revoke Bash(pwd)" })).ToBeFocusedAsync();
        await alice.Page.Keyboard.PressAsync("Enter");
        await Expect(alice.Main.GetByLabel("Pattern")).ToBeFocusedAsync();

        // A deleted task: the focus goes to the next task, or to "+ New task" when none is left.
        await alice.OpenAgentAsync("Tidy bot", "Tasks");
        alice.Page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        foreach (var name in new[] { "First task", "Second task" })
        {
            if (!await alice.Main.GetByLabel("Cron schedule").IsVisibleAsync())
            {
                await alice.Main.GetByRole(AriaRole.Button, new() { Name = "+ New task" }).ClickAsync();
            }

            await alice.Main.GetByLabel("Name").FillAsync(name);
            await alice.Main.GetByLabel("Prompt", new() { Exact = false }).FillAsync("Do it.");
            await alice.Main.GetByLabel("Cron schedule").FillAsync("0 9 * * *");
            await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
            await Expect(alice.Main.Locator(".task", new() { HasText = name })).ToBeVisibleAsync();
        }

        var tasks = alice.Main.Locator(".task");
        await tasks.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Delete" }).FocusAsync();
        await alice.Page.Keyboard.PressAsync("Enter");
        await Expect(tasks).ToHaveCountAsync(1);
        await Expect(tasks.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Run now" })).ToBeFocusedAsync();
        await tasks.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Delete" }).FocusAsync();
        await alice.Page.Keyboard.PressAsync("Enter");
        await Expect(tasks).ToHaveCountAsync(0);
        await Expect(alice.Main.GetByRole(AriaRole.Button, new() { Name = "+ New task" })).ToBeFocusedAsync();
        alice.AssertNoPageErrors();
    }

    /// <summary>Presses Tab until <paramref name="target"/> has the focus (at most 40 times).</summary>
    private static async Task TabUntilFocusedAsync(AppSession session, ILocator target)
    {
        for (var i = 0; i < 40; i++)
        {
            await session.Page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }
        }

        Assert.Fail("The element cannot be reached with the Tab key.");
    }
}
