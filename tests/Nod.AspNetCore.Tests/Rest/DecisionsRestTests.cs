using System.Text.Json;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests.Rest;

/// <summary><c>GET /api/agent/decisions/{id}</c> and <c>POST …/cancel</c>: the Decision shape, 404 and 409.</summary>
public sealed class DecisionsRestTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private static readonly string[] DecisionFields =
    [
        "id", "agent_id", "conversation_id", "task_run_id", "kind", "title", "description", "options", "allows_always",
        "always_allow_label", "always_allow_options", "permission", "status", "note", "always_allow", "always_allow_pattern",
        "resolved_by", "resolved_at", "expires_at", "created_at",
    ];

    private NodWebHost Host => shared.Host;

    [Fact]
    public async Task GetDecision_Pending_ReturnsTheDecisionShapeWithEveryField()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var id = await CreateDecisionAsync(agent);

        var (status, body) = await Host.GetAsync(agent, $"api/agent/decisions/{id}");

        Assert.Equal(200, status);
        Assert.Equal(DecisionFields.Order(), body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal("choice", body.GetProperty("kind").GetString());
        Assert.Equal(["a", "b"], body.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("resolved_at").ValueKind);
        Assert.EndsWith("Z", body.GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task GetDecision_Resolved_ShowsTheResolution()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var id = await CreateDecisionAsync(agent);
        await user.RespondAsync(id, "b").Within();

        var (_, body) = await Host.GetAsync(agent, $"api/agent/decisions/{id}");

        Assert.Equal("responded", body.GetProperty("status").GetString());
        Assert.Equal("b", body.GetProperty("note").GetString());
    }

    [Fact]
    public async Task GetDecision_UnknownOrAnotherAgents_Returns404NamingTheId()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var (_, other) = await Host.CreateAgentAsync();
        var theirs = await CreateDecisionAsync(other);

        var unknown = await Host.GetAsync(agent, "api/agent/decisions/dec_0000000000000000");
        var notMine = await Host.GetAsync(agent, $"api/agent/decisions/{theirs}");

        Assert.Equal(404, unknown.Status);
        Assert.Contains("dec_0000000000000000", unknown.Body.GetProperty("detail").GetString());
        Assert.Equal(404, notMine.Status);
    }

    [Fact]
    public async Task CancelDecision_Pending_ReturnsItCancelledAndTheAgentGetsDecisionResolved()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var id = await CreateDecisionAsync(agent);

        var (status, body) = await Host.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Post, $"api/agent/decisions/{id}/cancel"));
        var (_, updates) = await Host.GetAsync(agent, "api/agent/updates");

        Assert.Equal(200, status);
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        var resolved = updates.GetProperty("updates").EnumerateArray().Single();
        Assert.Equal("decision_resolved", resolved.GetProperty("type").GetString());
        Assert.Equal("cancelled", resolved.GetProperty("status").GetString());
    }

    [Fact]
    public async Task CancelDecision_AlreadyResolved_Returns409AndNoSecondResolution()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var id = await CreateDecisionAsync(agent);
        await Host.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Post, $"api/agent/decisions/{id}/cancel"));

        var (status, body) = await Host.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Post, $"api/agent/decisions/{id}/cancel"));
        var (_, updates) = await Host.GetAsync(agent, "api/agent/updates");

        Assert.Equal(409, status);
        Assert.Contains(id, body.GetProperty("detail").GetString());
        Assert.Single(updates.GetProperty("updates").EnumerateArray());
    }

    [Fact]
    public async Task CancelDecision_AnotherAgents_Returns404()
    {
        var (_, agent) = await Host.CreateAgentAsync();
        var (_, other) = await Host.CreateAgentAsync();
        var theirs = await CreateDecisionAsync(other);

        var (status, _) = await Host.SendAsync(NodWebHost.AgentRequest(agent, HttpMethod.Post, $"api/agent/decisions/{theirs}/cancel"));

        Assert.Equal(404, status);
    }

    private async Task<string> CreateDecisionAsync(Model.AgentCredentials agent)
    {
        var (status, body) = await Host.PostEventAsync(agent, """{"type":"decision","title":"Pick","description":"d","kind":"choice","options":["a","b"]}""");
        Assert.Equal(200, status);
        return body.GetProperty("decision_id").GetString()!;
    }
}
