using System.Text.Json;
using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

/// <summary>Requests of all four kinds, created by an external agent and answered in the browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RequestTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task Approval_AppearsLiveInTheChat_ApprovedWithANote_AgentReceivesTheNote()
    {
        var name = fixture.UniqueName("Alice");
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(name);
        await using var agent = await alice.CreateConnectedAgentAsync("Deploy bot");
        await alice.OpenAgentAsync("Deploy bot");

        var ack = await agent.SendAsync(new
        {
            type = "decision",
            kind = "approval",
            title = "Deploy v2.4.1 to production?",
            description = "All **128** tests passed.",
            conversation_id = agent.ConversationId,
        });
        var decisionId = ack.GetProperty("decision_id").GetString()!;

        // Live: no reload. The card, the pending counts in the agent's tab and the sidebar.
        var card = alice.Main.Locator($"[data-decision-id='{decisionId}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Deploy v2.4.1 to production?");
        await Expect(card.Locator("strong")).ToHaveTextAsync("128");
        await Expect(alice.Main.Locator(".tab", new() { HasText = "Requests" }).Locator(".badge")).ToHaveTextAsync("1");
        await Expect(alice.Page.Locator(".sidebar .agent-item", new() { HasText = "Deploy bot" }).Locator(".badge")).ToHaveTextAsync("1");
        await alice.ScreenshotAsync("chat-approval-desktop");

        await card.GetByLabel("Note (optional)").FillAsync("Ship it after lunch");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        var resolved = await agent.NextUpdateAsync("decision_resolved", u => u.GetProperty("decision_id").GetString() == decisionId);
        Assert.Equal("approved", resolved.GetProperty("status").GetString());
        Assert.Equal("Ship it after lunch", resolved.GetProperty("note").GetString());
        Assert.Equal(name, resolved.GetProperty("resolved_by").GetString());
        Assert.False(resolved.GetProperty("always_allow").GetBoolean());

        await Expect(card).ToHaveAttributeAsync("data-status", "approved");
        await Expect(card).ToContainTextAsync("Ship it after lunch");
        await Expect(alice.Main.Locator(".tab", new() { HasText = "Requests" }).Locator(".badge")).ToBeHiddenAsync();
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Choice_AnsweredThroughOther_AgentReceivesTheTypedAnswer()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await using var agent = await alice.CreateConnectedAgentAsync("Rollout bot");
        await alice.Page.GotoAsync("/#/requests");
        await Expect(alice.Main.GetByRole(AriaRole.Heading, new() { Name = "Requests" })).ToBeVisibleAsync();

        // No conversation: only in the requests inbox.
        var ack = await agent.SendAsync(new
        {
            type = "decision",
            kind = "choice",
            title = "Which region first?",
            description = "Pick one.",
            options = new[] { "us-east", "eu-west" },
        });
        var card = alice.Main.Locator($"[data-decision-id='{ack.GetProperty("decision_id").GetString()}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.Locator(".decision-agent")).ToHaveTextAsync("Rollout bot");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "us-east" })).ToBeVisibleAsync();
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "eu-west" })).ToBeVisibleAsync();
        await Expect(alice.Page.Locator(".sidebar [data-requests-badge]")).ToHaveTextAsync("1");

        await card.GetByRole(AriaRole.Button, new() { Name = "Other…" }).ClickAsync();
        var answer = card.GetByLabel("Your answer");
        await Expect(answer).ToBeFocusedAsync();
        await answer.FillAsync("ap-south, please");
        await card.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var resolved = await agent.NextUpdateAsync("decision_resolved");
        Assert.Equal("responded", resolved.GetProperty("status").GetString());
        Assert.Equal("ap-south, please", resolved.GetProperty("note").GetString());
        Assert.Equal(JsonValueKind.Null, resolved.GetProperty("conversation_id").ValueKind);
        await Expect(card).ToHaveAttributeAsync("data-status", "responded");
        await Expect(alice.Page.Locator(".sidebar [data-requests-badge]")).ToBeHiddenAsync();

        // The answered request is in the history.
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Answered" }).ClickAsync();
        await Expect(alice.Main.Locator(".decision", new() { HasText = "Which region first?" })).ToContainTextAsync("ap-south, please");
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task QuestionAndDismiss_FromTheInbox_AgentReceivesTheAnswerAndTheDismissal()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        var (agentId, secret, _) = await alice.CreateAgentAsync("Gate", approvalOnly: true);
        var agent = ExternalAgent.Rest(fixture.Host.BaseAddress, agentId, secret);
        await alice.Page.GotoAsync("/#/requests");

        var question = (await agent.PostEventAsync(new { type = "decision", kind = "question", title = "Release name?", description = "For the changelog." }))
            .GetProperty("decision_id").GetString();
        var approval = (await agent.PostEventAsync(new { type = "decision", kind = "approval", title = "Merge the hotfix?", description = "One file." }))
            .GetProperty("decision_id").GetString();
        var questionCard = alice.Main.Locator($"[data-decision-id='{question}']");
        var approvalCard = alice.Main.Locator($"[data-decision-id='{approval}']");
        await Expect(approvalCard).ToBeVisibleAsync();
        await alice.ScreenshotAsync("requests-desktop");

        await questionCard.GetByLabel("Your answer").FillAsync("Aurora");
        await questionCard.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
        await approvalCard.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Expect(questionCard).ToHaveAttributeAsync("data-status", "responded");
        await Expect(approvalCard).ToHaveAttributeAsync("data-status", "dismissed");

        var (_, updates) = await agent.CallAsync(HttpMethod.Get, "/api/agent/updates?after=0");
        var resolutions = updates.GetProperty("updates").EnumerateArray()
            .Where(u => u.GetProperty("type").GetString() == "decision_resolved")
            .ToDictionary(u => u.GetProperty("decision_id").GetString()!, u => u);
        Assert.Equal("Aurora", resolutions[question!].GetProperty("note").GetString());
        Assert.Equal("dismissed", resolutions[approval!].GetProperty("status").GetString());

        // An approval-only agent has no chat and no tasks.
        await alice.OpenAgentAsync("Gate");
        await Expect(alice.Main.Locator(".tab")).ToHaveTextAsync(["Requests", "Activity", "Settings"]);
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Permission_AlwaysAllowedWithAPattern_RuleIsListed_NextMatchingRequestIsApprovedWithoutAsking()
    {
        var name = fixture.UniqueName("Alice");
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(name);
        await using var agent = await alice.CreateConnectedAgentAsync("Coder");
        await alice.OpenAgentAsync("Coder");

        var ack = await agent.SendAsync(new
        {
            type = "decision",
            kind = "permission",
            title = "Allow: Bash(npm install left-pad)",
            description = "Add a dependency.",
            permission = "Bash(npm install left-pad)",
            allows_always = true,
            always_allow_options = new[] { new { pattern = "Bash(npm install *)", label = "Any npm install" } },
            conversation_id = agent.ConversationId,
        });
        var decisionId = ack.GetProperty("decision_id").GetString();
        var card = alice.Main.Locator($"[data-decision-id='{decisionId}']");
        await Expect(card.Locator(".permission-subject")).ToContainTextAsync("Bash(npm install left-pad)");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true })).ToBeVisibleAsync();
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Deny" })).ToBeVisibleAsync();

        await card.GetByRole(AriaRole.Button, new() { Name = "Always allow…" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Radio, new() { Name = "Any npm install", Exact = false })).ToBeCheckedAsync();
        await Expect(card.GetByRole(AriaRole.Radio, new() { Name = "Exactly this request", Exact = false })).ToBeVisibleAsync();
        await alice.ScreenshotAsync("permission-desktop");
        await card.GetByRole(AriaRole.Button, new() { Name = "Always allow", Exact = true }).ClickAsync();

        var resolved = await agent.NextUpdateAsync("decision_resolved", u => u.GetProperty("decision_id").GetString() == decisionId);
        Assert.Equal("approved", resolved.GetProperty("status").GetString());
        Assert.True(resolved.GetProperty("always_allow").GetBoolean());
        Assert.Equal("Bash(npm install *)", resolved.GetProperty("always_allow_pattern").GetString());
        Assert.Equal(name, resolved.GetProperty("resolved_by").GetString());
        await Expect(card).ToContainTextAsync("Always allowed: Bash(npm install *)");

        // The rule is listed in the agent's settings.
        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        var rule = alice.Main.Locator(".rule", new() { HasText = "Bash(npm install *)" });
        await Expect(rule).ToBeVisibleAsync();
        await Expect(rule.Locator(".kind-chip")).ToHaveTextAsync("Allow");

        // The next matching request is approved at once, by the rule: nobody is asked.
        var next = await agent.SendAsync(new
        {
            type = "decision",
            kind = "permission",
            title = "Allow: Bash(npm install lodash)",
            description = "Another dependency.",
            conversation_id = agent.ConversationId,
        });
        var auto = await agent.NextUpdateAsync("decision_resolved", u => u.GetProperty("decision_id").GetString() == next.GetProperty("decision_id").GetString());
        Assert.Equal("approved", auto.GetProperty("status").GetString());
        Assert.Equal("rule", auto.GetProperty("resolved_by").GetString());
        Assert.Equal("Bash(npm install *)", auto.GetProperty("always_allow_pattern").GetString());
        await Expect(alice.Page.Locator(".sidebar [data-requests-badge]")).ToBeHiddenAsync();
        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "Chat" }).ClickAsync();
        await Expect(alice.Main.Locator($"[data-decision-id='{next.GetProperty("decision_id").GetString()}']"))
            .ToContainTextAsync("by an always-allow rule");

        // Revoked: the same request waits for a person again.
        await alice.Main.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Revoke Bash(npm install *)" }).ClickAsync();
        await Expect(alice.Main.Locator(".rule")).ToHaveCountAsync(0);
        var third = await agent.SendAsync(new
        {
            type = "decision",
            kind = "permission",
            title = "Allow: Bash(npm install react)",
            description = "And one more.",
        });
        await Expect(alice.Page.Locator(".sidebar [data-requests-badge]")).ToHaveTextAsync("1");
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task AnsweredTab_RequestsAnsweredElsewhere_AppearLiveInTheirPlace()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        var (agentId, secret, _) = await alice.CreateAgentAsync("Release gate", approvalOnly: true);
        var agent = ExternalAgent.Rest(fixture.Host.BaseAddress, agentId, secret);
        await alice.Page.GotoAsync("/#/requests");
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Answered" }).ClickAsync();
        await Expect(alice.Main.Locator(".requests .empty")).ToHaveTextAsync("No answered requests yet.");

        var approval = (await agent.PostEventAsync(new { type = "decision", kind = "approval", title = "Tag v3.0?", description = "Release notes are ready." }))
            .GetProperty("decision_id").GetString()!;
        var question = (await agent.PostEventAsync(new { type = "decision", kind = "question", title = "Codename?", description = "For the blog post." }))
            .GetProperty("decision_id").GetString()!;

        // Another tab shows the same pending requests.
        var other = await alice.Context.NewPageAsync().Within();
        await other.GotoAsync("/#/requests");
        var otherQuestion = other.Locator($"#main [data-decision-id='{question}']");
        await Expect(otherQuestion.GetByRole(AriaRole.Button, new() { Name = "Send answer" })).ToBeVisibleAsync();

        // The agent cancels one: it is in the history at once (and the other tab's open card shows the outcome, no controls).
        var (status, _) = await agent.CallAsync(HttpMethod.Post, $"/api/agent/decisions/{question}/cancel");
        Assert.Equal(200, status);
        var answered = alice.Main.Locator(".decision");
        await Expect(answered).ToHaveCountAsync(1);
        await Expect(answered.First).ToHaveAttributeAsync("data-decision-id", question);
        await Expect(answered.First).ToHaveAttributeAsync("data-status", "cancelled");
        await Expect(otherQuestion).ToHaveAttributeAsync("data-status", "cancelled");
        await Expect(otherQuestion.GetByRole(AriaRole.Button, new() { Name = "Send answer" })).ToHaveCountAsync(0);

        // The other is approved in the other tab: it joins the history in its place, older requests below newer ones.
        await other.Locator($"#main [data-decision-id='{approval}']").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(answered).ToHaveCountAsync(2);
        await Expect(answered.Nth(1)).ToHaveAttributeAsync("data-decision-id", approval);
        await Expect(answered.Nth(1)).ToHaveAttributeAsync("data-status", "approved");
        await Expect(answered.Nth(1)).ToContainTextAsync("Tag v3.0?");
        await Expect(answered.First).ToHaveAttributeAsync("data-decision-id", question);

        // The pending list has neither any more.
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Pending" }).ClickAsync();
        await Expect(alice.Main.Locator(".requests .empty")).ToBeVisibleAsync();
        await Expect(alice.Main.Locator(".decision")).ToHaveCountAsync(0);
        alice.AssertNoPageErrors();
    }
}
