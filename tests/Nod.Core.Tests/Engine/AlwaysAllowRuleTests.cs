using Microsoft.Extensions.DependencyInjection;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;
using static Nod.Core.Tests.Engine.EngineTestKit;

namespace Nod.Core.Tests.Engine;

/// <summary>Always-allow and deny rules answer matching permission requests at once (PROTOCOL §4, always-allow rules).</summary>
public sealed class AlwaysAllowRuleTests
{
    private const string NpmInstall = "Bash(npm install *)";

    [Fact]
    public async Task AlwaysAllow_OnPermission_StoresAllowRuleOfTheAgent()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var pending = await agent.RequestDecisionAsync(Permission()).Within();
        host.Time.Advance(TimeSpan.FromSeconds(2));

        await user.AlwaysAllowAsync(pending.Id, NpmInstall).Within();

        var rule = Assert.Single(await user.GetRulesAsync(agent.AgentId).Within());
        Assert.Matches("^rul_[0-9a-f]{16}$", rule.Id);
        Assert.Equal(agent.AgentId, rule.AgentId);
        Assert.Equal(NpmInstall, rule.Pattern);
        Assert.Equal(RuleEffect.Allow, rule.Effect);
        Assert.Equal("alice", rule.CreatedBy);
        Assert.Equal(host.NowMs(), rule.CreatedAt);
    }

    [Fact]
    public async Task MatchingPermission_AfterAlwaysAllow_ResolvedAtOnceByRule()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var first = await agent.RequestDecisionAsync(Permission()).Within();
        await user.AlwaysAllowAsync(first.Id, NpmInstall).Within();
        await using var updates = agent.SubscribeUpdates(after: await host.Store.Events.GetHeadAsync().Within());
        host.Time.Advance(TimeSpan.FromSeconds(5));

        var second = await agent.RequestDecisionAsync(Permission("Allow: Bash(npm install lodash)", "Bash(npm install lodash)")).Within();

        Assert.True(second.Resolution.IsCompleted, "a rule answers in the same step as the request");
        var resolution = await second.Resolution.Within();
        Assert.Equal(DecisionStatus.Approved, resolution.Status);
        Assert.True(resolution.AlwaysAllow);
        Assert.Equal(NpmInstall, resolution.AlwaysAllowPattern);
        Assert.Equal("rule", resolution.ResolvedBy);
        Assert.Equal(host.NowMs(), resolution.ResolvedAt);

        var live = await updates.NextAsync<DecisionResolvedFrame>();
        Assert.Equal(second.Id, live.DecisionId);
        Assert.Equal(DecisionStatus.Approved, live.Status);
        Assert.True(live.AlwaysAllow);
        Assert.Equal(NpmInstall, live.AlwaysAllowPattern);
        Assert.Equal("rule", live.ResolvedBy);
        var logged = Assert.Single(await ResolvedInLogAsync(agent, second.Id));
        Assert.Equal(live.EventId, logged.EventId);

        // Nobody is asked: it is not pending anywhere.
        Assert.DoesNotContain(second.Id, (await user.GetDecisionsAsync().Within()).Items.Select(d => d.Id));
        await using var stream = await user.SubscribeAsync().Within();
        Assert.DoesNotContain(second.Id, stream.Snapshot.PendingDecisions.Select(d => d.Id));
        Assert.Equal(0, (await user.GetAgentAsync(agent.AgentId).Within()).PendingDecisions);
        Assert.Equal(DecisionStatus.Approved, (await user.GetDecisionAsync(second.Id).Within()).Status);
    }

    [Fact]
    public async Task RuleResolvedDecision_LaterCancelOrResolve_409()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = NpmInstall, Effect = RuleEffect.Allow }).Within();
        var pending = await agent.RequestDecisionAsync(Permission()).Within();

        await FailsWith(NodErrorKind.Conflict, () => agent.CancelDecisionAsync(pending.Id));
        await FailsWith(NodErrorKind.Conflict, () => user.RejectAsync(pending.Id));
        await FailsWith(NodErrorKind.Conflict, () => user.DismissAsync(pending.Id));

        Assert.Equal("rule", Assert.Single(await ResolvedInLogAsync(agent, pending.Id)).ResolvedBy);
    }

    [Fact]
    public async Task AskAsync_MatchingRule_ReturnsApprovedByRuleWithoutAnyone()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = NpmInstall, Effect = RuleEffect.Allow }).Within();

        var answer = await agent.AskAsync(Permission()).Within();

        Assert.Equal(DecisionStatus.Approved, answer.Status);
        Assert.Equal("rule", answer.ResolvedBy);
        Assert.True(answer.AlwaysAllow);
        Assert.Equal(NpmInstall, answer.AlwaysAllowPattern);
    }

    public static TheoryData<string, string, string?, bool> Subjects => new()
    {
        // pattern, title, permission field, matches
        { NpmInstall, "Allow: Bash(npm install lodash)", null, true },           // title without "Allow: "
        { NpmInstall, "Bash(npm install lodash)", null, true },                  // title as it is
        { NpmInstall, "Allow: Bash(npm install lodash)", "Bash(rm -rf /)", false }, // the permission field wins over the title
        { NpmInstall, "Allow: Bash(rm -rf /)", "Bash(npm install lodash)", true },
        { NpmInstall, "Run Allow: Bash(npm install lodash)", null, false },      // only a leading "Allow: " is dropped
        { "Bash(npm install lodash)", "Allow: x", "Bash(npm install lodash)", true }, // exact
        { "npm", "Allow: x", "npm install", false },                             // whole subject, not a prefix
        { "install", "Allow: x", "npm install", false },                         // whole subject, not a substring
        { "*install*", "Allow: x", "npm install lodash", true },
        { "Bash(*)", "Allow: x", "Bash(ls -la)", true },
        { "Bash(*)", "Allow: x", "xBash(ls)", false },
        { "Bash(*)", "Allow: x", "Bash(ls) && rm -rf /", false },
        { "Read(*.md)", "Allow: x", "Read(docs/guide.md)", true },
        { "Read(*.md)", "Allow: x", "Read(docs/guide.mdx)", false },
        { "Edit(*/*)", "Allow: x", "Edit(src/a/b.cs)", true },
        { "*", "Allow: x", "anything at all", true },
    };

    [Theory]
    [MemberData(nameof(Subjects))]
    public async Task PermissionRequest_AgainstAllowRule_ResolvedAtOnceOnlyWhenWholeSubjectMatches(string pattern, string title, string? permission, bool matches)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = pattern, Effect = RuleEffect.Allow }).Within();

        var pending = await agent.RequestDecisionAsync(Permission(title, permission)).Within();

        var decision = await user.GetDecisionAsync(pending.Id).Within();
        if (matches)
        {
            Assert.Equal(DecisionStatus.Approved, decision.Status);
            Assert.Equal("rule", decision.ResolvedBy);
            Assert.True(decision.AlwaysAllow);
            Assert.Equal(pattern, decision.AlwaysAllowPattern);
            Assert.Equal(DecisionStatus.Approved, Assert.Single(await ResolvedInLogAsync(agent, pending.Id)).Status);
            Assert.Equal(DecisionStatus.Approved, (await pending.Resolution.Within()).Status);
        }
        else
        {
            await AssertStillPendingAsync(user, agent, pending);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DenyRule_AndMatchingAllowRule_DenyWinsRejectedByRule(bool denyFirst)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var deny = new AddRuleRequest { Pattern = "Bash(rm *)", Effect = RuleEffect.Deny };
        var allow = new AddRuleRequest { Pattern = "Bash(rm -rf /tmp/x)", Effect = RuleEffect.Allow };
        var allowAll = new AddRuleRequest { Pattern = "*", Effect = RuleEffect.Allow };
        foreach (var rule in denyFirst ? new[] { deny, allow, allowAll } : [allowAll, allow, deny])
        {
            await user.AddRuleAsync(agent.AgentId, rule).Within();
        }

        var denied = await agent.RequestDecisionAsync(Permission("Allow: Bash(rm -rf /tmp/x)", "Bash(rm -rf /tmp/x)")).Within();
        var allowed = await agent.RequestDecisionAsync(Permission("Allow: Bash(ls)", "Bash(ls)")).Within();

        var rejection = await denied.Resolution.Within();
        Assert.Equal(DecisionStatus.Rejected, rejection.Status);
        Assert.Equal("rule", rejection.ResolvedBy);
        Assert.False(rejection.AlwaysAllow);
        var frame = Assert.Single(await ResolvedInLogAsync(agent, denied.Id));
        Assert.Equal(DecisionStatus.Rejected, frame.Status);
        Assert.Equal("rule", frame.ResolvedBy);

        var approval = await allowed.Resolution.Within();
        Assert.Equal(DecisionStatus.Approved, approval.Status);
        Assert.Equal("rule", approval.ResolvedBy);
        Assert.Equal("*", approval.AlwaysAllowPattern);
    }

    [Fact]
    public async Task RevokeRule_NextMatchingRequest_IsPendingAgain()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var first = await agent.RequestDecisionAsync(Permission()).Within();
        await user.AlwaysAllowAsync(first.Id, NpmInstall).Within();
        var covered = await agent.RequestDecisionAsync(Permission()).Within();
        Assert.Equal("rule", (await covered.Resolution.Within()).ResolvedBy);

        var rule = Assert.Single(await user.GetRulesAsync(agent.AgentId).Within());
        await user.RevokeRuleAsync(agent.AgentId, rule.Id).Within();

        Assert.Empty(await user.GetRulesAsync(agent.AgentId).Within());
        var again = await agent.RequestDecisionAsync(Permission()).Within();
        await AssertStillPendingAsync(user, agent, again);
        await FailsWith(NodErrorKind.NotFound, () => user.RevokeRuleAsync(agent.AgentId, rule.Id));
    }

    [Fact]
    public async Task RevokeDenyRule_NextMatchingRequest_IsPendingAgain()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var deny = await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "*", Effect = RuleEffect.Deny }).Within();
        Assert.Equal(DecisionStatus.Rejected, (await (await agent.RequestDecisionAsync(Permission()).Within()).Resolution.Within()).Status);

        await user.RevokeRuleAsync(agent.AgentId, deny.Id).Within();

        await AssertStillPendingAsync(user, agent, await agent.RequestDecisionAsync(Permission()).Within());
    }

    [Theory]
    [InlineData("approval")]
    [InlineData("choice")]
    [InlineData("question")]
    public async Task OtherKinds_WithMatchingAllowAndDenyRules_StayPending(string kind)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "*", Effect = RuleEffect.Allow }).Within();
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "Bash(npm install stripe)", Effect = RuleEffect.Deny }).Within();
        var request = new DecisionEvent
        {
            Title = "Allow: Bash(npm install stripe)",
            Description = "d",
            Kind = kind,
            Options = kind == "choice" ? ["a", "b"] : null,
            Permission = "Bash(npm install stripe)",
        };

        var pending = await agent.RequestDecisionAsync(request).Within();

        await AssertStillPendingAsync(user, agent, pending);
    }

    [Fact]
    public async Task Rules_OfOneAgent_DoNotAnswerAnotherAgentsRequests()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var other = await user.CreateAgentAsync(new CreateAgentRequest { Name = "Other" }).Within();
        await using var otherAgent = await host.Nod.ConnectAgentAsync(other.AgentId, other.Secret).Within();
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "*", Effect = RuleEffect.Allow }).Within();

        var pending = await otherAgent.RequestDecisionAsync(Permission()).Within();

        await AssertStillPendingAsync(user, otherAgent, pending);
        Assert.Empty(await user.GetRulesAsync(other.AgentId).Within());
    }

    [Fact]
    public async Task AlwaysAllow_SamePatternTwice_KeepsOneRule()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var a = await agent.RequestDecisionAsync(Permission(permission: "Bash(make)")).Within();
        var b = await agent.RequestDecisionAsync(Permission(permission: "Bash(make test)")).Within();

        await user.AlwaysAllowAsync(a.Id, NpmInstall).Within();
        await user.AlwaysAllowAsync(b.Id, NpmInstall).Within();
        var added = await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = NpmInstall, Effect = RuleEffect.Allow }).Within();

        var rule = Assert.Single(await user.GetRulesAsync(agent.AgentId).Within());
        Assert.Equal(rule.Id, added.Id);
    }

    [Fact]
    public async Task RuleResolvedDecision_WithExpiry_ExpiryLaterChangesNothing()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = NpmInstall, Effect = RuleEffect.Allow }).Within();
        var pending = await agent.RequestDecisionAsync(Permission(expiresInS: 10)).Within();

        host.Time.Advance(TimeSpan.FromMinutes(1));
        await agent.AlertAsync("a later command: any expiry queued before it has run").Within();

        Assert.Equal(DecisionStatus.Approved, (await user.GetDecisionAsync(pending.Id).Within()).Status);
        Assert.Single(await ResolvedInLogAsync(agent, pending.Id));
    }

    [Fact]
    public async Task AlwaysAllow_AndMatchingRequestInOneBatch_RequestAnsweredByTheNewRule()
    {
        var store = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var first = await agent.RequestDecisionAsync(Permission()).Within();

        Task<PendingDecision>? second = null;
        await store.InOneBatchAsync(agent, () =>
        {
            _ = user.AlwaysAllowAsync(first.Id, NpmInstall);
            second = agent.RequestDecisionAsync(Permission("Allow: Bash(npm install zod)", "Bash(npm install zod)"));
        });

        var resolution = await (await second!.Within()).Resolution.Within();
        Assert.Equal(DecisionStatus.Approved, resolution.Status);
        Assert.Equal("rule", resolution.ResolvedBy);
        Assert.Equal(NpmInstall, resolution.AlwaysAllowPattern);
    }

    [Fact]
    public async Task RevokeRule_AndMatchingRequestInOneBatch_RequestIsPending()
    {
        var store = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var rule = await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = NpmInstall, Effect = RuleEffect.Allow }).Within();

        Task<PendingDecision>? request = null;
        Task? revoking = null;
        Task? revokingAgain = null;
        await store.InOneBatchAsync(agent, () =>
        {
            revoking = user.RevokeRuleAsync(agent.AgentId, rule.Id);
            revokingAgain = user.RevokeRuleAsync(agent.AgentId, rule.Id);
            request = agent.RequestDecisionAsync(Permission());
        });

        await revoking!.Within();
        await FailsWith(NodErrorKind.NotFound, () => revokingAgain!);
        await AssertStillPendingAsync(user, agent, await request!.Within());
    }

    [Fact]
    public async Task Rules_AfterRestart_StillAnswerRequests()
    {
        var store = new Nod.Storage.InMemory.InMemoryNodStore();
        AgentCredentials credentials;
        await using (var before = await NodTestHost.StartAsync(services: s => s.AddSingleton<Nod.Storage.INodStore>(store)))
        {
            var (user, agent, created) = await before.UserWithAgentAsync();
            credentials = created;
            await using (agent)
            {
                var first = await agent.RequestDecisionAsync(Permission()).Within();
                await user.AlwaysAllowAsync(first.Id, NpmInstall).Within();
                await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "Bash(npm install evil)", Effect = RuleEffect.Deny }).Within();
            }
        }

        await using var after = await NodTestHost.StartAsync(services: s => s.AddSingleton<Nod.Storage.INodStore>(store));
        await using var restarted = await after.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();

        Assert.Equal(2, (await after.Nod.ForUser("alice", "Alice").GetRulesAsync(credentials.AgentId).Within()).Count);
        Assert.Equal(DecisionStatus.Approved, (await restarted.AskAsync(Permission()).Within()).Status);
        Assert.Equal(DecisionStatus.Rejected, (await restarted.AskAsync(Permission("Allow: x", "Bash(npm install evil)")).Within()).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AddRule_WithoutPattern_400NamingPattern(string? pattern)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        var error = await FailsWith(NodErrorKind.InvalidRequest, () => user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = pattern }));

        Assert.Contains("pattern", error.Detail, StringComparison.Ordinal);
        Assert.Empty(await user.GetRulesAsync(agent.AgentId).Within());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task PermissionRequest_BlankPermission_400NamingPermissionAndNothingAsked(string permission)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        // A blank subject would match only "*": without the check this rule would approve it.
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "*", Effect = RuleEffect.Allow }).Within();

        var error = await FailsWith(NodErrorKind.InvalidRequest, () => agent.RequestDecisionAsync(Permission(permission: permission)));

        Assert.Equal("permission must not be empty", error.Detail);
        Assert.Empty((await user.GetDecisionsAsync().Within()).Items);
        Assert.DoesNotContain((await user.GetActivityAsync().Within()).Items, a => a.DecisionId is not null);
    }

    [Theory]
    [InlineData("Allow: ")]
    [InlineData("Allow:   ")]
    public async Task PermissionRequest_NoPermissionAndTitleOnlyAllow_400NamingTitleAndNothingAsked(string title)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        // The subject would be blank, which only "*" matches: without the check this rule would approve it.
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "*", Effect = RuleEffect.Allow }).Within();

        var error = await FailsWith(NodErrorKind.InvalidRequest, () => agent.RequestDecisionAsync(Permission(title, permission: null)));

        Assert.Equal("title must not be empty after 'Allow: ' when permission is not given", error.Detail);
        Assert.Empty((await user.GetDecisionsAsync().Within()).Items);
        Assert.DoesNotContain((await user.GetActivityAsync().Within()).Items, a => a.DecisionId is not null);
    }

    [Fact]
    public async Task PermissionRequest_WithoutPermission_TitleIsTheSubject()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await user.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = NpmInstall, Effect = RuleEffect.Allow }).Within();

        var pending = await agent.RequestDecisionAsync(Permission(permission: null)).Within();

        Assert.Equal(DecisionStatus.Approved, (await pending.Resolution.Within()).Status);
    }

    private static async Task AssertStillPendingAsync(NodUserClient user, NodAgentClient agent, PendingDecision pending)
    {
        var decision = await user.GetDecisionAsync(pending.Id).Within();
        Assert.Equal(DecisionStatus.Pending, decision.Status);
        Assert.Null(decision.ResolvedBy);
        Assert.Contains(pending.Id, (await user.GetDecisionsAsync().Within()).Items.Select(d => d.Id));
        Assert.Empty(await ResolvedInLogAsync(agent, pending.Id));
        Assert.False(pending.Resolution.IsCompleted);
    }
}
