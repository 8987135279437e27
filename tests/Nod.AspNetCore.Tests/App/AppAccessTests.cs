using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;

namespace Nod.AspNetCore.Tests.App;

/// <summary>
/// Who reaches what (PROTOCOL §7): another user's ids answer 404 on every route, nobody anonymous gets anything, and the
/// route table these tests walk is exactly what the host mapped.
/// </summary>
public sealed class AppAccessTests(SharedHost fixture) : IClassFixture<SharedHost>
{
    private NodWebHost Host => fixture.Host;

    [Fact]
    public void RouteTable_ComparedWithTheMappedEndpoints_CoversEveryAppRouteAndEachNeedsAuthorization()
    {
        var endpoints = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/app", StringComparison.Ordinal) || raw.StartsWith("/ws/app", StringComparison.Ordinal)))
            .ToList();
        var mapped = endpoints
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/app/", StringComparison.Ordinal) && e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var table = AppRouteTable.Routes.Select(r => $"{r.Method} {r.Pattern}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(table, mapped);
        Assert.Equal(table.Count, table.Distinct().Count());
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/ws/app");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/app/{**path}");
        Assert.All(endpoints, e =>
        {
            Assert.NotEmpty(e.Metadata.GetOrderedMetadata<IAuthorizeData>());
            Assert.Null(e.Metadata.GetMetadata<IAllowAnonymous>());
        });
    }

    [Fact]
    public async Task EveryRoute_AnotherUserOnTheOwnersResources_Answers404AndChangesNothing()
    {
        var alice = OwnedResources.NewUser("alice");
        var bob = OwnedResources.NewUser("bob");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        var wrong = new List<string>();

        foreach (var route in AppRouteTable.Routes)
        {
            var (status, body) = await Host.AppAsync(bob, new HttpMethod(route.Method), route.Path(owned), route.Body);
            var text = body.ValueKind == JsonValueKind.Undefined ? string.Empty : body.GetRawText();
            if (route.Expectation == ForeignExpectation.NotFound)
            {
                if (status != 404 || !body.TryGetProperty("detail", out _))
                {
                    wrong.Add($"{route}: {status} {text}");
                }
            }
            else if (status >= 300 || text.Contains(owned.AgentId, StringComparison.Ordinal) || text.Contains(owned.DecisionId, StringComparison.Ordinal) ||
                     text.Contains(owned.ConversationId, StringComparison.Ordinal) || text.Contains(alice, StringComparison.Ordinal))
            {
                wrong.Add($"{route}: {status} {text}");
            }
        }

        foreach (var (name, path) in AppRouteTable.ForeignFilters)
        {
            var (status, _) = await Host.AppGetAsync(bob, path(owned));
            if (status != 404)
            {
                wrong.Add($"{name}: {status}");
            }
        }

        Assert.Empty(wrong);

        // Nothing bob tried changed anything of alice's.
        var agent = await owned.Owner.GetAgentAsync(owned.AgentId).Within();
        Assert.Equal("Owned agent", agent.Name);
        Assert.Equal([owned.SharedWithUserId], agent.SharedWith);
        Assert.Equal(DecisionStatus.Pending, (await owned.Owner.GetDecisionAsync(owned.DecisionId).Within()).Status);
        Assert.Single(await owned.Owner.GetRulesAsync(owned.AgentId).Within());
        var task = Assert.Single(await owned.Owner.GetTasksAsync(owned.AgentId).Within());
        Assert.True(task.Enabled);
        Assert.Empty(await owned.Owner.GetRunsAsync(owned.TaskId).Within());
        Assert.Single(await owned.Owner.GetConversationsAsync(owned.AgentId).Within());
        Assert.Single((await owned.Owner.GetMessagesAsync(owned.ConversationId).Within()).Items);
        await using var secretStillWorks = await Host.Nod.ConnectAgentAsync(owned.AgentId, owned.Agent.Secret).Within();
    }

    [Fact]
    public async Task EveryRoute_Anonymous_Answers401()
    {
        await using var owned = await OwnedResources.CreateAsync(Host, OwnedResources.NewUser("alice"));
        var wrong = new List<string>();

        foreach (var route in AppRouteTable.Routes)
        {
            var (status, _) = await Host.AppAsync(null, new HttpMethod(route.Method), route.Path(owned), route.Body);
            if (status != 401)
            {
                wrong.Add($"{route}: {status}");
            }
        }

        var (unknown, _) = await Host.AppAsync(null, HttpMethod.Get, "api/app/nothing-here");
        var socket = await Host.RefusedAppUpgradeAsync(userId: null);

        Assert.Empty(wrong);
        Assert.Equal(401, unknown);
        Assert.Equal(HttpStatusCode.Unauthorized, socket);
        Assert.Equal(DecisionStatus.Pending, (await owned.Owner.GetDecisionAsync(owned.DecisionId).Within()).Status);
    }

    [Fact]
    public async Task SharedAgent_TheOtherUser_SeesAndActsButOwnerOnlyRoutesAnswer403()
    {
        var alice = OwnedResources.NewUser("alice");
        var bob = OwnedResources.NewUser("bob");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);
        await owned.Owner.ShareAgentAsync(owned.AgentId, bob).Within();

        var (agentStatus, agent) = await Host.AppGetAsync(bob, $"api/app/agents/{owned.AgentId}");
        var (decisionStatus, _) = await Host.AppGetAsync(bob, $"api/app/decisions/{owned.DecisionId}");
        var (delete, deleteBody) = await Host.AppAsync(bob, HttpMethod.Delete, $"api/app/agents/{owned.AgentId}");
        var (rotate, _) = await Host.AppPostAsync(bob, $"api/app/agents/{owned.AgentId}/rotate-secret");
        var (rotateWebhook, _) = await Host.AppPostAsync(bob, $"api/app/agents/{owned.AgentId}/rotate-webhook-secret");
        var (share, _) = await Host.AppPostAsync(bob, $"api/app/agents/{owned.AgentId}/shares", """{"user_id":"mallory"}""");
        var (unshare, _) = await Host.AppAsync(bob, HttpMethod.Delete, $"api/app/agents/{owned.AgentId}/shares/{owned.SharedWithUserId}");

        Assert.Equal(200, agentStatus);
        Assert.Equal(alice, agent.GetProperty("owner_id").GetString());
        Assert.Equal(200, decisionStatus);
        Assert.Equal(403, delete);
        Assert.True(deleteBody.TryGetProperty("detail", out _));
        Assert.Equal(403, rotate);
        Assert.Equal(403, rotateWebhook);
        Assert.Equal(403, share);
        Assert.Equal(403, unshare);
    }

    [Fact]
    public async Task UnsharedAgent_TheFormerUser_Gets404Again()
    {
        var alice = OwnedResources.NewUser("alice");
        var bob = OwnedResources.NewUser("bob");
        await using var owned = await OwnedResources.CreateAsync(Host, alice);

        var (share, _) = await Host.AppPostAsync(alice, $"api/app/agents/{owned.AgentId}/shares", $$"""{"user_id":"{{bob}}"}""");
        var (whileShared, _) = await Host.AppGetAsync(bob, $"api/app/agents/{owned.AgentId}");
        var (unshare, _) = await Host.AppAsync(alice, HttpMethod.Delete, $"api/app/agents/{owned.AgentId}/shares/{bob}");
        var (afterwards, _) = await Host.AppGetAsync(bob, $"api/app/agents/{owned.AgentId}");

        Assert.Equal(204, share);
        Assert.Equal(200, whileShared);
        Assert.Equal(204, unshare);
        Assert.Equal(404, afterwards);
    }

    [Fact]
    public async Task Request_AuthenticatedWithoutANameIdentifier_Answers403NamingTheOption()
    {
        using var request = NodWebHost.AppRequest("alice", HttpMethod.Get, "api/app/me");
        request.Headers.Add(TestAuthentication.NoIdHeader, "1");

        var (status, body) = await Host.SendRawAsync(request);

        Assert.Equal(403, status);
        Assert.Contains("NodHttpOptions.ResolveAppUser", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Requests_AuthenticatedWithoutANameIdentifier_WarnOncePerAuthenticationTypeAndAllAnswer403()
    {
        using var logs = new LogRecorder();
        await using var host = await NodWebHost.StartAsync(configure: b => b.Logging.AddProvider(logs));

        var statuses = new List<int>();
        foreach (var authenticationType in new[] { null, null, "Bearer", "Bearer" })
        {
            using var request = NodWebHost.AppRequest("alice", HttpMethod.Get, "api/app/me");
            request.Headers.Add(TestAuthentication.NoIdHeader, "1");
            if (authenticationType is not null)
            {
                request.Headers.Add(TestAuthentication.AuthTypeHeader, authenticationType);
            }

            statuses.Add((await host.SendRawAsync(request)).Status);
        }

        Assert.Equal([403, 403, 403, 403], statuses);
        var warnings = logs.WithEventId(2101);
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.Contains(TestAuthentication.SchemeName, warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("Bearer", warnings[1].Message, StringComparison.Ordinal);
        Assert.All(warnings, w => Assert.Contains("NodHttpOptions.ResolveAppUser", w.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Me_SignedIn_IsTheUserIdAndNameFromTheClaims()
    {
        using var request = NodWebHost.AppRequest("alice-me", HttpMethod.Get, "api/app/me");
        request.Headers.Add(TestAuthentication.NameHeader, "Alice Liddell");

        var (status, body) = await Host.SendRawAsync(request);

        Assert.Equal(200, status);
        Assert.Equal("alice-me", body.GetProperty("user_id").GetString());
        Assert.Equal("Alice Liddell", body.GetProperty("name").GetString());
    }
}
