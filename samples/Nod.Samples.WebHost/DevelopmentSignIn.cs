// DEVELOPMENT ONLY. A password-less cookie sign-in so that the web app and the app API (/api/app/…, /ws/app) can be
// tried from a browser or curl: anyone can be anyone. A real host uses its own authentication (ASP.NET Core Identity,
// OpenID Connect, JWT, …); Nod only reads the signed-in user's NameIdentifier and Name claims.
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Nod.Samples.WebHost.Demo;

namespace Nod.Samples.WebHost;

internal static class DevelopmentSignIn
{
    private const int MaxNameLength = 50;

    /// <summary>The cookie scheme: API and WebSocket paths answer 401/403 instead of redirecting to the sign-in page.</summary>
    public static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "nod-dev-user";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;   // cross-site POSTs carry no cookie (with the JSON-only API: no CSRF)
        options.LoginPath = "/account/login";
        options.ExpireTimeSpan = TimeSpan.FromDays(7);
        options.SlidingExpiration = true;
        options.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
    }

    /// <summary><c>GET/POST /account/login</c> and <c>POST /account/logout</c>; refuses to map them outside Development.</summary>
    /// <exception cref="InvalidOperationException">The host does not run in the Development environment.</exception>
    public static void MapDevelopmentSignIn(this IEndpointRouteBuilder app)
    {
        // Anyone can be anyone here: a host that is not a developer's own machine must not start with it.
        var environment = app.ServiceProvider.GetRequiredService<IHostEnvironment>();
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"The sample's development sign-in (DevelopmentSignIn.cs: no password, whoever you name, you are) only runs in the " +
                $"Development environment, and this host runs as '{environment.EnvironmentName}'. Run it with " +
                "ASPNETCORE_ENVIRONMENT=Development (dotnet run does, from Properties/launchSettings.json), or replace the " +
                "sign-in with the host's own authentication.");
        }

        app.MapGet("/account/login", (HttpContext context) => Results.Content(Page(context.User, error: null), "text/html; charset=utf-8"));
        app.MapPost("/account/login", (Func<HttpContext, Task<IResult>>)SignInAsync);
        app.MapPost("/account/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return context.Request.HasFormContentType ? Results.Redirect("/account/login") : Results.NoContent();
        });
    }

    /// <summary>
    /// Form field or JSON <c>{"name":"Alice"}</c>: signs in as user id <c>alice</c> (the name in lower case, a-z 0-9 and -),
    /// and gives the user a running Demo assistant.
    /// </summary>
    private static async Task<IResult> SignInAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType;
        var name = (form ? await ReadFormNameAsync(context.Request) : await ReadJsonNameAsync(context.Request))?.Trim();
        var userId = UserId(name);
        if (name is null || name.Length > MaxNameLength || userId.Length == 0)
        {
            const string detail = "name is required: 1 to 50 characters, with at least one letter or digit";
            return form
                ? Results.Content(Page(context.User, detail), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest)
                : Results.Json(new { detail }, statusCode: StatusCodes.Status400BadRequest);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));

        // DEMO ONLY: the user's first sign-in creates their Demo assistant (later ones restart it if it stopped).
        await context.RequestServices.GetRequiredService<DemoAssistantHost>().EnsureForUserAsync(userId, name, context.RequestAborted);

        return form ? Results.Redirect("/") : Results.Json(new { user_id = userId, name });
    }

    private static async Task<string?> ReadFormNameAsync(HttpRequest request)
    {
        try
        {
            return (await request.ReadFormAsync()).TryGetValue("name", out var field) ? field.ToString() : null;
        }
        catch (InvalidDataException)
        {
            return null;   // a malformed or oversized form: answered as a missing name
        }
    }

    private static async Task<string?> ReadJsonNameAsync(HttpRequest request)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            return body.RootElement.ValueKind == JsonValueKind.Object &&
                   body.RootElement.TryGetProperty("name", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string UserId(string? name)
    {
        var id = new StringBuilder();
        foreach (var c in (name ?? string.Empty).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                id.Append(c);
            }
            else if (id.Length > 0 && id[^1] != '-')
            {
                id.Append('-');
            }
        }

        return id.ToString().TrimEnd('-');
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/ws"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    private static string Page(ClaimsPrincipal user, string? error)
    {
        var signedIn = user.Identity?.IsAuthenticated == true
            ? $"""
               <p class="signin-current">Signed in as <b>{WebUtility.HtmlEncode(user.FindFirstValue(ClaimTypes.Name))}</b>
               (user id <code>{WebUtility.HtmlEncode(user.FindFirstValue(ClaimTypes.NameIdentifier))}</code>).
               <a href="/">Open the app</a></p>
               <form method="post" action="/account/logout"><button type="submit" class="button secondary">Sign out</button></form>
               """
            : string.Empty;
        var message = error is null ? string.Empty : $"""<p class="form-error" role="alert">{WebUtility.HtmlEncode(error)}</p>""";
        return $"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign in — Nod (development)</title>
              <link rel="stylesheet" href="/css/app.css">
              <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            </head>
            <body class="signin-page">
              <main class="signin">
                <h1><span class="logo" aria-hidden="true">N</span> Nod</h1>
                <p class="dev-banner" role="note"><b>Development sign-in.</b> No password: whoever you name, you are.
                  Your user id is the name in lower case (<code>Alice</code> → <code>alice</code>). A real host replaces this
                  page with its own authentication.</p>
                {signedIn}
                <form method="post" action="/account/login" class="stack">
                  <label for="name">Your display name</label>
                  <input id="name" name="name" required maxlength="{MaxNameLength}" autocomplete="nickname" autofocus>
                  {message}
                  <button type="submit" class="button primary">Sign in</button>
                </form>
                <p class="hint">Your first sign-in gives you a <b>Demo assistant</b> to chat with.</p>
              </main>
            </body>
            </html>
            """;
    }
}
