// Nod Embedded in a web host: the agent API (REST, long-polling, WebSocket) and the app API for people (/api/app/…,
// /ws/app) on http://127.0.0.1:5080. See README, "The web host and the agent API" and "The app API".
using Microsoft.AspNetCore.Authentication.Cookies;
using Nod;
using Nod.Model;

var builder = WebApplication.CreateBuilder(args);
if (builder.Configuration["urls"] is null)
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");           // --urls overrides
}

// The app API runs behind the host's own authentication; here a DEVELOPMENT ONLY cookie sign-in (DevelopmentSignIn.cs).
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(DevelopmentSignIn.ConfigureCookie);
builder.Services.AddAuthorization();
builder.Services.AddNod();                                     // engine + in-memory store
var app = builder.Build();
app.MapNod();                                                  // /api/agent/…, /ws/agent/{agent_id}, /api/app/…, /ws/app
app.MapDevelopmentSignIn();                                    // DEVELOPMENT ONLY: /account/login, /account/logout
await app.StartAsync();

// DEVELOPMENT ONLY: two agents of user "dev" (sign in as "dev" to see them in the app API), credentials logged so that
// an external agent can connect right away.
var devUser = app.Services.GetRequiredService<INodClientFactory>().ForUser("dev", "Developer");
var interactive = await devUser.CreateAgentAsync(new CreateAgentRequest { Name = "Quickstart agent" });
var approvals = await devUser.CreateAgentAsync(new CreateAgentRequest { Name = "Quickstart approvals agent", Type = AgentType.ApprovalOnly });
app.Logger.LogWarning(
    "DEVELOPMENT ONLY — credentials of the agents created at start-up for user 'dev' (in memory, gone on restart):\n" +
    "  Quickstart agent (interactive):              agent_id={AgentId} secret={Secret}\n" +
    "  Quickstart approvals agent (approval_only):  agent_id={ApprovalsAgentId} secret={ApprovalsSecret}\n" +
    "  Sign in at /account/login (or POST /account/login {{\"name\":\"dev\"}}) to use the app API as that user.",
    interactive.AgentId, interactive.Secret, approvals.AgentId, approvals.Secret);

await app.WaitForShutdownAsync();
