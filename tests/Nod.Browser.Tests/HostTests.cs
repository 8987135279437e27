using Microsoft.Playwright;
using Nod.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nod.Browser.Tests;

/// <summary>The sample host itself: its log, its LiteDB file, and the live connection across a restart.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HostTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task Host_LogsTheAppUrl_StoresInTheConfiguredLiteDbFile_SignsInFromCurl_ServesTheAppUnderACsp()
    {
        var host = fixture.Host;
        Assert.Contains(host.Logs.Lines, line => line.Contains($"Nod web app: open {host.BaseAddress.ToString().TrimEnd('/')} in a browser", StringComparison.Ordinal));
        Assert.True(File.Exists(host.DatabasePath), "--Nod:Database is not where the data went");

        // The development sign-in also works from curl: JSON in, cookie out; the app API then knows the user.
        using var handler = new HttpClientHandler { UseCookies = true };
        using var http = new HttpClient(handler) { BaseAddress = host.BaseAddress, Timeout = TestTimeouts.Default };
        using var login = await http.PostAsync("account/login", new StringContent("{\"name\":\"Carol Curl\"}", System.Text.Encoding.UTF8, "application/json")).Within();
        Assert.Equal(200, (int)login.StatusCode);
        var me = await http.GetStringAsync("api/app/me").Within();
        Assert.Contains("\"user_id\":\"carol-curl\"", me, StringComparison.Ordinal);
        using var logout = await http.PostAsync("account/logout", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")).Within();
        using var after = await http.GetAsync("api/app/me").Within();
        Assert.Equal(401, (int)after.StatusCode);

        // The web app is served with a policy that runs only its own scripts.
        using var page = await http.GetAsync("/").Within();
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"/js/main.js\">", await page.Content.ReadAsStringAsync().Within(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Connection_HostRestarts_IndicatorShowsReconnectingThenLive_NothingMissedNothingTwice_DemoAssistantBackOnline()
    {
        await using var host = await SampleHost.StartAsync();
        await using var alice = await fixture.OpenAsync(host);
        await alice.SignInAsync("Alice Restart");
        var (agentId, secret, _) = await alice.CreateAgentAsync("Steady bot");
        await alice.OpenAgentAsync("Steady bot");
        var connection = alice.Page.Locator("#connection");
        await Expect(connection).ToHaveAttributeAsync("data-status", "live");

        var sockets = new System.Collections.Concurrent.ConcurrentQueue<string>();
        alice.Page.WebSocket += (_, socket) => sockets.Enqueue(socket.Url);
        await host.StopAsync();
        await Expect(connection).ToHaveAttributeAsync("data-status", "reconnecting");
        await Expect(connection).ToContainTextAsync("Reconnecting…");
        await alice.ScreenshotAsync("reconnecting-desktop");

        // Same port, same LiteDB file. The agent speaks at once, usually before the page is back: the page resumes
        // with ?after= and gets the message from the log; either way it is shown exactly once.
        await host.RestartAsync();
        await using (var agent = await ExternalAgent.ConnectAsync(host.BaseAddress, agentId, secret))
        {
            await agent.SendAsync(new { type = "message", text = "Sent while you were away" });
            await Expect(connection).ToHaveAttributeAsync("data-status", "live");
            Assert.Contains(sockets, url => url.Contains("/ws/app?after=", StringComparison.Ordinal));   // it resumed, not started over
            await Expect(alice.Main.Locator(".msg.from-agent", new() { HasText = "Sent while you were away" })).ToHaveCountAsync(1);
            await agent.SendAsync(new { type = "message", text = "And one more, live" });
            await Expect(alice.Main.Locator(".msg.from-agent", new() { HasText = "And one more, live" })).ToHaveCountAsync(1);
            await Expect(alice.Main.Locator(".msg.from-agent")).ToHaveCountAsync(2);
        }

        // The Demo assistant was restarted with the host (it is in the LiteDB file) and answers.
        await alice.Page.GotoAsync("/#/");
        await Expect(alice.AgentItem("Demo assistant").Locator(".presence-dot")).ToHaveAttributeAsync("data-presence", "online");
        await alice.OpenAgentAsync("Demo assistant");
        await alice.Main.GetByLabel("Message", new() { Exact = true }).FillAsync("help");
        await alice.Main.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
        await Expect(alice.Main.Locator(".msg.from-agent")).ToHaveCountAsync(2);
        await Expect(alice.Main.Locator(".msg.from-agent").Last).ToContainTextAsync("Send me a message with one of these words");
    }
}
