using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Nod.Browser.Tests.Infrastructure;

/// <summary>One Chromium and one sample host for the whole browser suite; each test opens its own browser context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private SampleHost? _host;
    private int _users;

    public SampleHost Host => _host ?? throw new InvalidOperationException("The fixture did not start.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture did not start.");

    /// <summary>Where screenshots go: <c>screenshots/</c> beside the test assembly.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        // Without a browser the tests are skipped (BrowserFact) — or, under CI, they fail right here, loudly.
        if (!Chromium.IsInstalled)
        {
            if (Chromium.IsContinuousIntegration)
            {
                throw new InvalidOperationException(
                    $"CI=true but Chromium was not found at {Chromium.ExecutablePath}: .ci/run installs it with apt-get (package chromium).");
            }

            return;
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync().Within();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Arguments,
            Timeout = TestTimeouts.Milliseconds,
        }).Within();
        Assertions.SetDefaultExpectTimeout(TestTimeouts.Milliseconds);
        _host = await SampleHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync().Within();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (its own cookies) and page on the shared host.</summary>
    public Task<AppSession> OpenAsync(ViewportSize? viewport = null) => OpenAsync(Host, viewport);

    /// <summary>A fresh browser context and page on <paramref name="host"/>.</summary>
    public async Task<AppSession> OpenAsync(SampleHost host, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString(),
            ViewportSize = viewport ?? Desktop,
            IsMobile = viewport == Phone,
            HasTouch = viewport == Phone,
        }).Within();
        context.SetDefaultTimeout(TestTimeouts.Milliseconds);
        context.SetDefaultNavigationTimeout(TestTimeouts.Milliseconds);
        var page = await context.NewPageAsync().Within();
        var session = new AppSession(context, page, host);
        page.PageError += (_, error) => session.PageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                session.PageErrors.Add(message.Text);
            }
        };
        return session;
    }

    /// <summary>A display name no other test uses, e.g. <c>Alice 3</c>.</summary>
    public string UniqueName(string name) => $"{name} {Interlocked.Increment(ref _users)}";
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>One person's browser: the page, sign-in, navigation and screenshots.</summary>
public sealed partial class AppSession(IBrowserContext context, IPage page, SampleHost host) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public IBrowserContext Context { get; } = context;

    public SampleHost Host { get; } = host;

    /// <summary>Uncaught script errors and console errors of the page.</summary>
    public List<string> PageErrors { get; } = [];

    /// <summary>The main region of the app (the desktop sidebar repeats the agent list).</summary>
    public ILocator Main => Page.Locator("#main");

    /// <summary>The user id the development sign-in derives from <paramref name="name"/> (<c>Alice 3</c> → <c>alice-3</c>).</summary>
    public static string UserIdOf(string name) => NonAlphanumeric().Replace(name.ToLowerInvariant(), "-").Trim('-');

    /// <summary>Signs in through the development sign-in page and waits for the app with the user's Demo assistant.</summary>
    public async Task SignInAsync(string name)
    {
        await Page.GotoAsync("/");
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/account/login"));
        await Page.GetByLabel("Your display name").FillAsync(name);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#user-name")).ToHaveTextAsync(name);
        await Assertions.Expect(Page.Locator("#connection")).ToHaveAttributeAsync("data-status", "live");

        // The app's first request before signing in was answered 401 (that is how it found the sign-in page).
        PageErrors.Clear();
    }

    /// <summary>The item of an agent in the main agent list.</summary>
    public ILocator AgentItem(string agentName) => Main.Locator(".agent-item", new() { HasText = agentName });

    /// <summary>Opens an agent's tab through the app's own links.</summary>
    public async Task OpenAgentAsync(string agentName, string? tab = null)
    {
        await Page.GotoAsync("/#/");
        await AgentItem(agentName).ClickAsync();
        await Assertions.Expect(Main.Locator(".agent-title")).ToHaveTextAsync(agentName);
        if (tab is not null)
        {
            await Main.GetByRole(AriaRole.Link, new() { Name = tab, Exact = false }).First.ClickAsync();
            await Assertions.Expect(Main.Locator(".tab.active")).ToContainTextAsync(tab);
        }
    }

    /// <summary>Creates an agent through "New agent" and returns the credentials the page shows once.</summary>
    public async Task<(string AgentId, string Secret, string WebhookSecret)> CreateAgentAsync(string name, bool approvalOnly = false)
    {
        await Page.GotoAsync("/#/new");
        await Main.GetByLabel("Name").FillAsync(name);
        if (approvalOnly)
        {
            await Main.GetByLabel("Approval only", new() { Exact = false }).CheckAsync();
        }

        await Main.GetByRole(AriaRole.Button, new() { Name = "Create agent" }).ClickAsync();
        var credentials = Main.Locator(".credentials");
        await Assertions.Expect(credentials).ToBeVisibleAsync();
        var values = credentials.Locator(".copy-value");
        return (await values.Nth(0).InnerTextAsync(), await values.Nth(1).InnerTextAsync(), await values.Nth(2).InnerTextAsync());
    }

    /// <summary>Creates an agent through "New agent" and connects it as an external agent over WebSocket (dispose it to disconnect).</summary>
    public async Task<ExternalAgent> CreateConnectedAgentAsync(string name)
    {
        var (agentId, secret, _) = await CreateAgentAsync(name);
        return await ExternalAgent.ConnectAsync(Host.BaseAddress, agentId, secret);
    }

    /// <summary>Saves a screenshot as a test artifact (<c>screenshots/{name}.png</c> beside the test assembly).</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = false)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = fullPage });
    }

    /// <summary>Fails if the page threw or logged an error.</summary>
    public void AssertNoPageErrors() => Assert.True(PageErrors.Count == 0, "The page reported errors:\n" + string.Join("\n", PageErrors));

    /// <summary>Accepts the next confirm() the page shows (delete, rotate).</summary>
    public void AcceptNextDialog()
    {
        void Accept(object? sender, IDialog dialog)
        {
            Page.Dialog -= Accept;
            _ = dialog.AcceptAsync();
        }

        Page.Dialog += Accept;
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync().Within();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
