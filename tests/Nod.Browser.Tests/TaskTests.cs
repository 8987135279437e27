using System.Text;
using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class TaskTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task Tasks_NewTaskFormAfterACreation_StartsAgainFromItsDefaults()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await alice.CreateAgentAsync("Planner");
        await alice.OpenAgentAsync("Planner", "Tasks");
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "+ New task" }).ClickAsync();
        var cron = alice.Main.GetByLabel("Cron schedule");
        var defaultCron = await cron.InputValueAsync();
        var defaultZone = await alice.Main.GetByLabel("Time zone").InputValueAsync();
        await alice.Main.GetByLabel("Name").FillAsync("Weekly report");
        await alice.Main.GetByLabel("Prompt", new() { Exact = false }).FillAsync("Write it");
        await cron.FillAsync("0 8 * * 1");
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        await Expect(alice.Main.Locator(".task", new() { HasText = "Weekly report" })).ToBeVisibleAsync();

        // Opened again: a schedule task with the default cron and zone, not a form with no kind chosen.
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "+ New task" }).ClickAsync();
        await Expect(alice.Main.GetByLabel("On a schedule (cron)")).ToBeCheckedAsync();
        await Expect(cron).ToBeVisibleAsync();
        await Expect(cron).ToHaveValueAsync(defaultCron);
        await Expect(alice.Main.GetByLabel("Time zone")).ToHaveValueAsync(defaultZone);
        await Expect(alice.Main.GetByLabel("Name")).ToHaveValueAsync(string.Empty);
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Tasks_CreatedInTheApp_EventTaskShowsItsTriggerUrl_RunNowReachesTheAgent_RunShowsStatusAndResult()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await using var agent = await alice.CreateConnectedAgentAsync("Sync bot");
        await alice.OpenAgentAsync("Sync bot", "Tasks");
        await Expect(alice.Main.Locator(".tasks .empty")).ToBeVisibleAsync();

        // A scheduled task: cron and time zone, with its next run.
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "+ New task" }).ClickAsync();
        await alice.Main.GetByLabel("Name").FillAsync("Morning digest");
        await alice.Main.GetByLabel("Prompt", new() { Exact = false }).FillAsync("Summarize yesterday");
        await alice.Main.GetByLabel("Cron schedule").FillAsync("0 9 * * 1-5");
        await alice.Main.GetByLabel("Time zone").FillAsync("Europe/Berlin");
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        var digest = alice.Main.Locator(".task", new() { HasText = "Morning digest" });
        await Expect(digest).ToContainTextAsync("0 9 * * 1-5 (Europe/Berlin)");
        await Expect(digest).ToContainTextAsync("Next run");

        // A task that runs once, at a date and time.
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "+ New task" }).ClickAsync();
        await alice.Main.GetByLabel("Name").FillAsync("New year check");
        await alice.Main.GetByLabel("Prompt", new() { Exact = false }).FillAsync("Check the certificates");
        await alice.Main.GetByLabel("Once, at a date and time").CheckAsync();
        await alice.Main.GetByLabel("Run at").FillAsync("2030-01-01T09:00");
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        var once = alice.Main.Locator(".task", new() { HasText = "New year check" });
        await Expect(once.Locator(".kind-chip")).ToHaveTextAsync("Once");
        await Expect(once).ToContainTextAsync("Once, at");

        // An event task: its trigger URL is shown, absolute, ready to call.
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "+ New task" }).ClickAsync();
        await alice.Main.GetByLabel("Name").FillAsync("Order shipped");
        await alice.Main.GetByLabel("Prompt", new() { Exact = false }).FillAsync("Tell the customer");
        await alice.Main.GetByLabel("When an event arrives", new() { Exact = false }).CheckAsync();
        await alice.Main.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        var shipped = alice.Main.Locator(".task", new() { HasText = "Order shipped" });
        var triggerUrl = shipped.Locator(".trigger .copy-value");
        await Expect(triggerUrl).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(fixture.Host.BaseAddress.ToString())}api/triggers/trg_[0-9a-f]{{32}}$"));
        await Expect(shipped.Locator(".trigger pre")).ToContainTextAsync("curl -s -X POST");
        await alice.ScreenshotAsync("tasks-desktop", fullPage: true);

        // Run now: the agent gets task_due, completes the run; the run shows its status and result, live.
        await shipped.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        var due = await agent.NextUpdateAsync("task_due");
        Assert.Equal("Order shipped", due.GetProperty("task_name").GetString());
        var runId = due.GetProperty("run_id").GetString()!;
        var run = shipped.Locator($"[data-run-id='{runId}']");
        await Expect(run).ToHaveAttributeAsync("data-status", "running");
        var (status, _) = await agent.CallAsync(HttpMethod.Post, $"/api/agent/tasks/runs/{runId}/complete", new { status = "completed", result = "Told **3** customers" });
        Assert.Equal(200, status);
        await Expect(run).ToHaveAttributeAsync("data-status", "completed");
        await Expect(run.Locator(".run-result strong")).ToHaveTextAsync("3");

        // The trigger URL works as shown.
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        using var response = await http.PostAsync(await triggerUrl.InnerTextAsync(), new StringContent("{\"order\":42}", Encoding.UTF8, "application/json")).Within();
        Assert.Equal(202, (int)response.StatusCode);
        var trigger = await agent.NextUpdateAsync("task_trigger");
        Assert.Equal(42, trigger.GetProperty("payload").GetProperty("order").GetInt32());
        await Expect(shipped.Locator($"[data-run-id='{trigger.GetProperty("run_id").GetString()}']")).ToContainTextAsync("by a trigger");

        // Disabled and deleted.
        await digest.GetByLabel("Enabled").UncheckAsync();
        await Expect(alice.Page.Locator(".toast", new() { HasText = "Morning digest disabled" })).ToBeVisibleAsync();
        alice.AcceptNextDialog();
        await digest.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(digest).ToHaveCountAsync(0);
        var (_, tasks) = await agent.CallAsync(HttpMethod.Get, "/api/agent/tasks");
        Assert.Equal(2, tasks.GetArrayLength());
        alice.AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Tasks_CreatedByTheAgent_AppearWithItsNextActivity_AndWhenItsProposalIsApprovedInAnotherTab()
    {
        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync(fixture.UniqueName("Alice"));
        await using var agent = await alice.CreateConnectedAgentAsync("Ops bot");
        await alice.OpenAgentAsync("Ops bot", "Tasks");
        await Expect(alice.Main.Locator(".tasks .empty")).ToBeVisibleAsync();

        // Through the API, then the agent says so: no reload.
        var (status, created) = await agent.CallAsync(HttpMethod.Post, "/api/agent/tasks", new { name = "Nightly backup", prompt = "Back up the database", schedule = "0 2 * * *" });
        Assert.Equal(200, status);
        await agent.SendAsync(new { type = "message", text = "I scheduled a nightly backup." });
        var backup = alice.Main.Locator(".task", new() { HasText = "Nightly backup" });
        await Expect(backup).ToHaveAttributeAsync("data-task-id", created.GetProperty("task_id").GetString()!);
        await Expect(backup).ToContainTextAsync("the agent");
        await Expect(alice.Main.Locator(".tasks > .empty")).ToBeHiddenAsync();
        await backup.GetByRole(AriaRole.Button, new() { Name = "Runs" }).ClickAsync();
        await Expect(backup.Locator(".runs .empty")).ToBeVisibleAsync();

        // A proposal approved in another tab: the task joins the list after the older one, which stays as it was.
        var proposal = (await agent.SendAsync(new
        {
            type = "task_proposal",
            title = "Clean up old builds every Monday?",
            task_name = "Weekly cleanup",
            task_prompt = "Delete builds older than 30 days",
            task_schedule = "0 6 * * 1",
        })).GetProperty("decision_id").GetString();
        var other = await alice.Context.NewPageAsync().Within();
        await other.GotoAsync("/#/requests");
        await other.Locator($"#main [data-decision-id='{proposal}']").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        var tasks = alice.Main.Locator(".task");
        await Expect(tasks).ToHaveCountAsync(2);
        await Expect(tasks.Nth(1)).ToContainTextAsync("Weekly cleanup");
        await Expect(tasks.Nth(0)).ToContainTextAsync("Nightly backup");
        await Expect(backup.GetByRole(AriaRole.Button, new() { Name = "Runs" })).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(backup.Locator(".runs .empty")).ToBeVisibleAsync();
        alice.AssertNoPageErrors();
    }
}
