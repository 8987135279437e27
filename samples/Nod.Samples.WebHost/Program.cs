// Nod Embedded in a web host: the whole agent API (REST, long-polling, WebSocket) on http://127.0.0.1:5080.
// Run it, then point any Nod agent at it (see README, "The web host and the agent API").
using Nod;
using Nod.Model;

var builder = WebApplication.CreateBuilder(args);
if (builder.Configuration["urls"] is null)
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");           // --urls overrides
}

builder.Services.AddNod();                                     // engine + in-memory store
var app = builder.Build();
app.MapNod();                                                  // /api/agent/…, /ws/agent/{agent_id}
await app.StartAsync();

// DEVELOPMENT ONLY: the app API (creating agents as a signed-in user) comes later, so this sample creates two agents for
// a dev user at start-up and logs their credentials, so an external agent can connect right away.
var devUser = app.Services.GetRequiredService<INodClientFactory>().ForUser("dev", "Developer");
var interactive = await devUser.CreateAgentAsync(new CreateAgentRequest { Name = "Quickstart agent" });
var approvals = await devUser.CreateAgentAsync(new CreateAgentRequest { Name = "Quickstart approvals agent", Type = AgentType.ApprovalOnly });
app.Logger.LogWarning(
    "DEVELOPMENT ONLY — credentials of the agents created at start-up (in memory, gone on restart):\n" +
    "  Quickstart agent (interactive):              agent_id={AgentId} secret={Secret}\n" +
    "  Quickstart approvals agent (approval_only):  agent_id={ApprovalsAgentId} secret={ApprovalsSecret}",
    interactive.AgentId, interactive.Secret, approvals.AgentId, approvals.Secret);

await app.WaitForShutdownAsync();
