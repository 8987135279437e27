using System.Text.Json;
using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

/// <summary>Chat with an external agent that speaks only PROTOCOL.md (REST and WebSocket).</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatTests(BrowserFixture fixture)
{
    private const string TinyPng =
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    [BrowserFact]
    public async Task ExternalAgent_MessageAndHeartbeats_ThinkingBubbleShowsTheStatusTextAndGoesAway()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await using var agent = await alice.CreateConnectedAgentAsync("Research bot");
        await alice.OpenAgentAsync("Research bot");
        await Expect(alice.Main.Locator(".agent-status")).ToHaveAttributeAsync("data-online", "true");

        await agent.SendAsync(new { type = "message", text = "Hello! I'm **online**." });
        await Expect(alice.Main.Locator(".msg.from-agent").Last).ToContainTextAsync("Hello! I'm online.");

        var thinking = alice.Main.Locator("[data-thinking]");
        await Expect(thinking).ToBeHiddenAsync();
        await agent.SendAsync(new { type = "agent_heartbeat", status_text = "Searching the web..." });
        await Expect(thinking).ToBeVisibleAsync();
        await Expect(thinking).ToContainTextAsync("Searching the web...");
        await agent.SendAsync(new { type = "agent_heartbeat", status_text = "Reading 3 pages..." });
        await Expect(thinking).ToContainTextAsync("Reading 3 pages...");
        await alice.ScreenshotAsync("chat-thinking-desktop");

        // The agent's answer clears the bubble.
        await agent.SendAsync(new { type = "message", text = "Found it: the answer is 42." });
        await Expect(thinking).ToBeHiddenAsync();
        await Expect(alice.Main.Locator(".msg.from-agent").Last).ToContainTextAsync("the answer is 42");

        // Heartbeats that stop: the bubble goes away on its own (5 s after the last one).
        await agent.SendAsync(new { type = "agent_heartbeat", status_text = "Working on something long" });
        await Expect(thinking).ToContainTextAsync("Working on something long");
        await Expect(thinking).ToBeHiddenAsync();

        // processing_start / processing_stop over REST.
        await agent.PostEventAsync(new { type = "processing_start", status_text = "Crunching numbers" });
        await Expect(thinking).ToContainTextAsync("Crunching numbers");
        await agent.PostEventAsync(new { type = "processing_stop" });
        await Expect(thinking).ToBeHiddenAsync();
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task UserMessage_SentBeforeTheConversationsArrived_ReachesTheAgentInItsConversation()
    {
        // A fast typist (or a slow network): the message is sent before the chat knows its conversation.
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await using var agent = await alice.CreateConnectedAgentAsync("Quick bot");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await alice.Page.RouteAsync("**/api/app/agents/*/conversations", async route =>
        {
            held.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });

        await alice.OpenAgentAsync("Quick bot");
        await held.Task.Within();
        var composer = alice.Main.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("Already here");
        await composer.PressAsync("Enter");
        release.SetResult();

        var update = await agent.NextUpdateAsync("user_message");
        Assert.Equal("Already here", update.GetProperty("text").GetString());
        Assert.Equal(agent.ConversationId, update.GetProperty("conversation_id").GetString());
        await Expect(alice.Main.Locator(".msg.from-user")).ToContainTextAsync("Already here");
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task UserMessage_SentWithEnter_ReachesTheAgent_WithTheMessageItRepliesTo()
    {
        var name = fixture.UniqueName("Alice");
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(name);
        await using var agent = await alice.CreateConnectedAgentAsync("Helper");
        await alice.OpenAgentAsync("Helper");

        var composer = alice.Main.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("Please summarize the report");
        await composer.PressAsync("Enter");

        var update = await agent.NextUpdateAsync("user_message");
        Assert.Equal("Please summarize the report", update.GetProperty("text").GetString());
        Assert.Equal(name, update.GetProperty("sender_name").GetString());
        Assert.Equal(agent.ConversationId, update.GetProperty("conversation_id").GetString());
        await Expect(alice.Main.Locator(".msg.from-user")).ToContainTextAsync("Please summarize the report");
        await Expect(composer).ToHaveValueAsync(string.Empty);

        // Reply to the agent's message.
        var sent = await agent.SendAsync(new { type = "message", text = "Which report?" });
        var agentMessage = alice.Main.Locator(".msg.from-agent", new() { HasText = "Which report?" });
        await agentMessage.HoverAsync();
        await agentMessage.GetByRole(AriaRole.Button, new() { Name = "Reply to", Exact = false }).ClickAsync();
        await Expect(alice.Main.Locator(".reply-banner")).ToContainTextAsync("Which report?");
        await composer.FillAsync("The weekly one");
        await composer.PressAsync("Enter");

        var reply = await agent.NextUpdateAsync("user_message", u => u.GetProperty("text").GetString() == "The weekly one");
        Assert.Equal(sent.GetProperty("message_id").GetString(), reply.GetProperty("reply_to_id").GetString());
        Assert.Equal("Which report?", reply.GetProperty("reply_to_text").GetString());
        await Expect(alice.Main.Locator(".msg.from-user").Last.Locator(".reply-quote")).ToContainTextAsync("Which report?");

        // Shift+Enter is a new line, not a send.
        await composer.FillAsync("line one");
        await composer.PressAsync("Shift+Enter");
        await composer.PressSequentiallyAsync("line two");
        await Expect(composer).ToHaveValueAsync("line one\nline two");
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task UserMessage_EnterPressedAgainWhileSending_IsSentOnce()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await using var agent = await alice.CreateConnectedAgentAsync("Once bot");
        await alice.OpenAgentAsync("Once bot");

        // The first send is held on its way to the server, as on a slow network, while Enter is pressed again.
        var posts = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await alice.Page.RouteAsync("**/api/app/conversations/*/messages", async route =>
        {
            if (route.Request.Method == "POST" && Interlocked.Increment(ref posts) == 1)
            {
                firstHeld.TrySetResult();
                await release.Task;
            }

            await route.ContinueAsync();
        });

        var composer = alice.Main.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("Only once, please");
        await composer.PressAsync("Enter");
        await firstHeld.Task.Within();
        await composer.PressAsync("Enter");
        release.SetResult();
        await Expect(alice.Main.Locator(".msg.from-user").First).ToContainTextAsync("Only once, please");

        // A later message is the next one the agent gets: nothing was sent in between.
        await composer.FillAsync("And this one");
        await composer.PressAsync("Enter");
        Assert.Equal("Only once, please", (await agent.NextUpdateAsync("user_message")).GetProperty("text").GetString());
        Assert.Equal("And this one", (await agent.NextUpdateAsync("user_message")).GetProperty("text").GetString());
        await Expect(alice.Main.Locator(".msg.from-user")).ToHaveCountAsync(2);
        Assert.Equal(2, Volatile.Read(ref posts));
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task AgentMarkdown_IsRenderedSafely_NoHtmlInjectionNoJavascriptLinks()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await using var agent = await alice.CreateConnectedAgentAsync("Markdown bot");
        await alice.OpenAgentAsync("Markdown bot");

        await agent.SendAsync(new
        {
            type = "message",
            text = "**bold** and *italic* and `code`\n" +
                   "<img src=x onerror=\"window.__pwned=1\">\n" +
                   "<script>window.__pwned=2</script>\n" +
                   "[click me](javascript:window.__pwned=3) and [docs](https://example.com/docs)\n\n" +
                   "- one\n- two\n\n" +
                   "| a | b |\n|---|---|\n| 1 | 2 |",
        });

        var message = alice.Main.Locator(".msg.from-agent").Last;
        await Expect(message.Locator("strong")).ToHaveTextAsync("bold");
        await Expect(message.Locator("em")).ToHaveTextAsync("italic");
        await Expect(message.Locator("code")).ToHaveTextAsync("code");
        await Expect(message.Locator("li")).ToHaveCountAsync(2);
        await Expect(message.Locator("td").First).ToHaveTextAsync("1");

        // The HTML is shown as text, never interpreted.
        await Expect(message).ToContainTextAsync("<img src=x onerror=\"window.__pwned=1\">");
        await Expect(message).ToContainTextAsync("<script>window.__pwned=2</script>");
        await Expect(message.Locator("img")).ToHaveCountAsync(0);
        await Expect(message.Locator("script")).ToHaveCountAsync(0);

        // Only http(s) links become links, and they open in a new tab without the opener.
        await Expect(message.Locator("a[href^='javascript']")).ToHaveCountAsync(0);
        await Expect(message.GetByRole(AriaRole.Link, new() { Name = "click me" })).ToHaveCountAsync(0);
        var docs = message.GetByRole(AriaRole.Link, new() { Name = "docs" });
        await Expect(docs).ToHaveAttributeAsync("href", "https://example.com/docs");
        await Expect(docs).ToHaveAttributeAsync("target", "_blank");
        await Expect(docs).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");

        await message.GetByText("click me").ClickAsync();
        Assert.True(await alice.Page.EvaluateAsync<bool>("() => window.__pwned === undefined"));

        // A user's own message is rendered the same way.
        await alice.Main.GetByLabel("Message", new() { Exact = true }).FillAsync("<b onmouseover=\"window.__pwned=4\">hi</b>");
        await alice.Main.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
        await Expect(alice.Main.Locator(".msg.from-user").Last).ToContainTextAsync("<b onmouseover=\"window.__pwned=4\">hi</b>");
        await Expect(alice.Main.Locator(".msg.from-user").Last.Locator("b")).ToHaveCountAsync(0);
        Assert.True(await alice.Page.EvaluateAsync<bool>("() => window.__pwned === undefined"));
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Chat_MoreRequestsThanOnePage_LoadEarlierAlsoShowsTheOlderRequests()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        var (agentId, secret, _) = await alice.CreateAgentAsync("Asker");
        await using var agent = await ExternalAgent.ConnectAsync(fixture.Host.BaseAddress, agentId, secret);
        var ids = new List<string>();
        for (var i = 0; i < 52; i++)
        {
            var created = await agent.PostEventAsync(new { type = "decision", kind = "approval", title = $"Request {i}", description = "One of many.", conversation_id = agent.ConversationId });
            ids.Add(created.GetProperty("decision_id").GetString()!);
        }

        await alice.OpenAgentAsync("Asker");
        var chat = alice.Main.Locator(".chat");
        await Expect(chat.Locator($"[data-decision-id='{ids[^1]}']")).ToHaveCountAsync(1);
        await Expect(chat.Locator($"[data-decision-id='{ids[0]}']")).ToHaveCountAsync(0);

        // One page of requests is shown; the older ones come with "Load earlier", as older messages do.
        await chat.GetByRole(AriaRole.Button, new() { Name = "Load earlier messages" }).ClickAsync();
        await Expect(chat.Locator($"[data-decision-id='{ids[0]}']")).ToHaveCountAsync(1);
        await Expect(chat.Locator("[data-decision-id]")).ToHaveCountAsync(ids.Count);
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task AgentMessages_ReportCardOpensFullScreen_ImagesAndTaskResultBubblesShow()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await using var agent = await alice.CreateConnectedAgentAsync("Reporter");
        await alice.OpenAgentAsync("Reporter");

        await agent.SendAsync(new
        {
            type = "message",
            report_title = "Weekly report",
            report_description = "3 deploys, 0 incidents",
            text = "## Summary\nAll **green** this week.",
        });
        var card = alice.Main.GetByRole(AriaRole.Button, new() { Name = "Weekly report", Exact = false });
        await Expect(card).ToContainTextAsync("3 deploys, 0 incidents");
        await card.ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Weekly report" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Summary" })).ToBeVisibleAsync();
        await Expect(dialog.Locator("strong")).ToHaveTextAsync("green");
        await alice.ScreenshotAsync("report-desktop");
        await alice.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(card).ToBeFocusedAsync();

        await agent.SendAsync(new { type = "message", text = "A picture", image_base64 = TinyPng });
        var image = alice.Main.Locator(".msg.from-agent", new() { HasText = "A picture" }).Locator("img.msg-image");
        await Expect(image).ToHaveAttributeAsync("src", TinyPng);

        var (status, task) = await agent.CallAsync(HttpMethod.Post, "/api/agent/tasks", new { name = "Digest", prompt = "Summarize", schedule = "event" });
        Assert.Equal(200, status);
        var (_, run) = await agent.CallAsync(HttpMethod.Post, $"/api/agent/tasks/{task.GetProperty("task_id").GetString()}/run/start");
        var runId = run.GetProperty("run_id").GetString();
        await agent.SendAsync(new { type = "message", text = "Digest: 12 items", task_run_id = runId });
        var result = alice.Main.Locator(".msg.is-task-result");
        await Expect(result).ToContainTextAsync("Task result");
        await Expect(result).ToContainTextAsync("Digest: 12 items");
        await Expect(result).ToContainTextAsync(runId!);
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Conversation_StartedInAnotherTab_JoinsThePickerWithItsFirstMessage_ListedOnce()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await using var agent = await alice.CreateConnectedAgentAsync("Support bot");
        await alice.OpenAgentAsync("Support bot");
        var picker = alice.Main.GetByLabel("Conversation", new() { Exact = true });
        await Expect(picker.Locator("option")).ToHaveCountAsync(1);
        await Expect(picker).ToHaveValueAsync(agent.ConversationId);
        var listings = 0;
        alice.Page.Request += (_, request) =>
        {
            if (request.Method == "GET" && request.Url.EndsWith($"/api/app/agents/{agent.AgentId}/conversations", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref listings);
            }
        };

        // Another tab starts a conversation and writes in it; the agent answers there.
        var other = await alice.Context.NewPageAsync().Within();
        await other.GotoAsync($"/#/agents/{agent.AgentId}/chat");
        await other.Locator("#main").GetByRole(AriaRole.Button, new() { Name = "+ New conversation" }).ClickAsync();
        await Expect(other.Locator("#main").GetByLabel("Conversation", new() { Exact = true }).Locator("option")).ToHaveCountAsync(2);
        var otherComposer = other.Locator("#main").GetByLabel("Message", new() { Exact = true });
        await otherComposer.FillAsync("Hello from the other tab");
        await otherComposer.PressAsync("Enter");
        var update = await agent.NextUpdateAsync("user_message", u => u.GetProperty("text").GetString() == "Hello from the other tab");
        var started = update.GetProperty("conversation_id").GetString()!;
        Assert.NotEqual(agent.ConversationId, started);
        await agent.SendAsync(new { type = "message", text = "Answered in the new one", conversation_id = started });

        // This tab lists it, and stays where it was.
        await Expect(picker.Locator("option")).ToHaveCountAsync(2);
        await Expect(picker.Locator($"option[value='{started}']")).ToHaveCountAsync(1);
        await Expect(picker).ToHaveValueAsync(agent.ConversationId);
        await agent.SendAsync(new { type = "message", text = "Back in the main one" });
        await Expect(alice.Main.Locator(".msg.from-agent").Last).ToContainTextAsync("Back in the main one");
        await Expect(alice.Main.Locator(".msg", new() { HasText = "Hello from the other tab" })).ToHaveCountAsync(0);
        Assert.Equal(1, Volatile.Read(ref listings));   // two messages in the new conversation, one request

        await picker.SelectOptionAsync(started);
        await Expect(alice.Main.Locator(".msg.from-user")).ToContainTextAsync("Hello from the other tab");
        await Expect(alice.Main.Locator(".msg.from-agent")).ToContainTextAsync("Answered in the new one");
        alice.AssertNoPageErrors();
    }
}
