// DEVELOPMENT ONLY. A password-less cookie sign-in so that the app API (/api/app/…, /ws/app) can be tried from curl or a
// browser: anyone can be anyone. A real host uses its own authentication (ASP.NET Core Identity, OpenID Connect, JWT, …);
// Nod only reads the signed-in user's NameIdentifier and Name claims.
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

internal static class DevelopmentSignIn
{
    /// <summary>The cookie scheme: API and WebSocket paths answer 401/403 instead of redirecting to the sign-in page.</summary>
    public static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "nod-dev-user";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;   // cross-site POSTs carry no cookie (with the JSON-only API: no CSRF)
        options.LoginPath = "/account/login";
        options.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
    }

    /// <summary><c>GET/POST /account/login</c>, <c>POST /account/logout</c>, and <c>/</c> pointing to the sign-in page.</summary>
    public static void MapDevelopmentSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/account/login"));
        app.MapGet("/account/login", (HttpContext context) => Results.Content(Page(context.User), "text/html; charset=utf-8"));
        app.MapPost("/account/login", (Func<HttpContext, Task<IResult>>)SignInAsync);
        app.MapPost("/account/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return IsJson(context.Request) ? Results.NoContent() : Results.Redirect("/account/login", permanent: false);
        });
    }

    /// <summary>Form field or JSON <c>{"name":"Alice"}</c>: signs in as user id <c>alice</c> (the name in lower case, a-z 0-9 and -).</summary>
    private static async Task<IResult> SignInAsync(HttpContext context)
    {
        string? name = null;
        if (context.Request.HasFormContentType)
        {
            name = (await context.Request.ReadFormAsync()).TryGetValue("name", out var field) ? field.ToString() : null;
        }
        else
        {
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("name", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    name = value.GetString();
                }
            }
            catch (JsonException)
            {
                // Answered below.
            }
        }

        name = name?.Trim();
        var userId = UserId(name);
        if (name is null || name.Length > 50 || userId.Length == 0)
        {
            return Results.Json(new { detail = "name is required: 1 to 50 characters, with at least one letter or digit" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return context.Request.HasFormContentType
            ? Results.Redirect("/account/login", permanent: false)
            : Results.Json(new { user_id = userId, name });
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

    private static bool IsJson(HttpRequest request) => request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;

    private static string Page(ClaimsPrincipal user)
    {
        var signedIn = user.Identity?.IsAuthenticated == true
            ? string.Create(CultureInfo.InvariantCulture,
                $"""<p>Signed in as <b>{WebUtility.HtmlEncode(user.FindFirstValue(ClaimTypes.Name))}</b> (user id <code>{WebUtility.HtmlEncode(user.FindFirstValue(ClaimTypes.NameIdentifier))}</code>). Try <a href="/api/app/me">/api/app/me</a> or <a href="/api/app/agents">/api/app/agents</a>.</p><form method="post" action="/account/logout"><button>Sign out</button></form>""")
            : "<p>Not signed in.</p>";
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Nod Embedded — development sign-in</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
            <h1>Development sign-in</h1>
            <p><b>Development only:</b> no password — whoever you name, you are. Your user id is the name in lower case
            (<code>Alice</code> → <code>alice</code>). Sign in as <code>dev</code> to own the two quickstart agents logged at start-up.</p>
            {signedIn}
            <form method="post" action="/account/login">
              <label>Display name <input name="name" required maxlength="50" autofocus></label>
              <button>Sign in</button>
            </form>
            </body></html>
            """;
    }
}
