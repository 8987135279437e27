// Nod Embedded in a web host — the reference example. It serves, on http://127.0.0.1:5080:
//   the agent API (REST, long-polling, WebSocket, trigger URLs) for agents written against Nod's public API,
//   the app API (/api/app/…, /ws/app) for people, behind the host's own authentication,
//   and the web app in wwwroot/ that uses it.
// Everything is stored in nod.db in the working directory. See README, "The web app".
using Microsoft.AspNetCore.Authentication.Cookies;
using Nod.Samples.WebHost;
using Nod.Samples.WebHost.Demo;

var builder = WebApplication.CreateBuilder(args);
if (builder.Configuration["urls"] is null)
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");                      // --urls overrides
}

// 1. The host's own authentication: here a DEVELOPMENT ONLY sign-in (DevelopmentSignIn.cs); swap in yours.
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(DevelopmentSignIn.ConfigureCookie);
builder.Services.AddAuthorization();

// 2. Nod, on a LiteDB file (--Nod:Database=path/to/file.db to change it).
var database = builder.Configuration["Nod:Database"] ?? "nod.db";
builder.Services.AddNod(o => o.Webhooks.AllowPrivateNetworks = true)     // local development: webhooks to agents on localhost
                .UseLiteDb(o => o.ConnectionString = LiteDbFile.ConnectionString(database));

// 3. DEMO ONLY: a "Demo assistant" agent per user, running in this process (Demo/).
builder.Services.AddDemoAssistants(builder.Configuration);

var app = builder.Build();
app.UseWebAppHeaders();                                                   // Content-Security-Policy for the web app
app.UseDefaultFiles();                                                    // / → wwwroot/index.html
app.UseStaticFiles();                                                     // the web app: plain HTML, CSS and ES modules
app.MapNod();                                                             // /api/agent/…, /ws/agent/{id}, /api/triggers/…, /api/app/…, /ws/app
app.MapDevelopmentSignIn();                                               // DEVELOPMENT ONLY: /account/login, /account/logout
app.Lifetime.ApplicationStarted.Register(() => StartupLog.Ready(app, database));
app.Run();
