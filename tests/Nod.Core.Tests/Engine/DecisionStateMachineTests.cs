using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;
using Nod.Storage.InMemory;
using static Nod.Core.Tests.Engine.EngineTestKit;

namespace Nod.Core.Tests.Engine;

/// <summary>
/// A decision is a small state machine: pending, then exactly one terminal status, whoever gets there first — a person
/// (any valid resolution or a dismissal), the agent (cancel) or the clock (expiry). PROTOCOL §4.
/// </summary>
public sealed class DecisionStateMachineTests
{
    private static readonly TimeSpan PastAnyExpiry = TimeSpan.FromHours(1);

    // ---- The property ----

    [Property(Arbitrary = [typeof(DecisionScenarios)], MaxTest = 300)]
    public async Task AnyInterleaving_OfResolveDismissCancelExpire_YieldsExactlyOneTerminalStatus(DecisionScenario scenario)
    {
        // Off the test framework's context: FsCheck may block on the returned task.
        await Task.Run(() => RunScenarioAsync(scenario)).Within();
    }

    private static async Task RunScenarioAsync(DecisionScenario scenario)
    {
        var store = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await using var stream = await user.SubscribeAsync().Within();
        await using var updates = agent.SubscribeUpdates();
        var conversationId = agent.DefaultConversationId!;

        var pending = await agent.RequestDecisionAsync(Request(scenario.Kind, conversationId, scenario.WithExpiry ? 30 : null)).Within();
        var id = pending.Id;

        var attempts = scenario.Actions.Select(a => new Attempt(a, FormsFor(scenario.Kind))).ToArray();
        if (scenario.Mode == Interleaving.Concurrent)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = attempts.Select(a => Task.Run(async () =>
            {
                await start.Task;
                await a.RunAsync(host, user, agent, id);
            })).ToArray();
            start.SetResult();
            await Task.WhenAll(running).Within();
        }
        else if (scenario.Mode == Interleaving.OneBatch)
        {
            var running = new List<Task>();
            await store.InOneBatchAsync(agent, () => running.AddRange(attempts.Select(a => a.RunAsync(host, user, agent, id))));
            await Task.WhenAll(running).Within();
        }
        else
        {
            foreach (var attempt in attempts)
            {
                await attempt.RunAsync(host, user, agent, id);
            }
        }

        // The sentinel goes through the engine queue after every attempt (and any expiry the clock posted), so
        // reads after it see the outcome.
        var resolvedLive = await ResolvedBeforeSentinelAsync(user, stream, updates, conversationId, id);
        var resolvedInLog = await ResolvedInLogAsync(agent, id);
        var final = await user.GetDecisionAsync(id).Within();
        var winners = attempts.Where(a => a.Result is not null).ToArray();
        var losers = attempts.Where(a => a.Error is not null).ToArray();
        var expiryEffective = scenario.WithExpiry && scenario.Actions.Any(a => a.Kind == ActionKind.Expire);

        // Every losing attempt is a 409, nothing else.
        foreach (var loser in losers)
        {
            var nod = Assert.IsType<NodException>(loser.Error);
            Assert.True(nod.Kind == NodErrorKind.Conflict, $"{loser.Action}: expected 409, got {nod.Kind}: {nod.Detail}");
        }

        if (winners.Length == 0 && !expiryEffective)
        {
            // Nothing could end it (an expiry without expires_in_s is no expiry): it stays pending, silently.
            Assert.Equal(DecisionStatus.Pending, final.Status);
            Assert.Empty(resolvedInLog);
            Assert.Equal(0, resolvedLive.Agent);
            Assert.Equal(0, resolvedLive.App);
            Assert.False(pending.Resolution.IsCompleted);
            return;
        }

        // Exactly one terminal status, reached by exactly one winner.
        Assert.NotEqual(DecisionStatus.Pending, final.Status);
        var expired = final.Status == DecisionStatus.Expired;
        Assert.Equal(1, winners.Length + (expired ? 1 : 0));
        if (expired)
        {
            Assert.True(expiryEffective);
            Assert.Null(final.ResolvedBy);
        }
        else
        {
            var winner = winners[0];
            Assert.Equal(winner.ExpectedStatus, final.Status);
            AssertSameResolution(final, winner.Result!);
        }

        if (scenario.Mode != Interleaving.Concurrent)
        {
            // In order (one after another, or queued together in one batch), the first action that can end the
            // decision is the one that does.
            var first = attempts.First(a => a.Action.Kind != ActionKind.Expire || scenario.WithExpiry);
            Assert.Equal(first.ExpectedStatus, final.Status);
        }

        // Exactly one decision_resolved for the agent (log and live) and one for people's apps.
        var logged = Assert.Single(resolvedInLog);
        Assert.Equal(final.Status, logged.Status);
        Assert.Equal(final.Note, logged.Note);
        Assert.Equal(final.ResolvedBy, logged.ResolvedBy);
        Assert.Equal(final.ResolvedAt, logged.ResolvedAt);
        Assert.Equal(final.AlwaysAllow, logged.AlwaysAllow);
        Assert.Equal(final.AlwaysAllowPattern, logged.AlwaysAllowPattern);
        Assert.Equal(1, resolvedLive.Agent);
        Assert.Equal(1, resolvedLive.App);

        // The awaiting agent learns the winner's resolution.
        AssertSameResolution(final, await pending.Resolution.Within());
    }

    /// <summary>
    /// Counts <c>decision_resolved</c> of <paramref name="decisionId"/> on the agent's live stream and on the app stream,
    /// up to a later known event (a user message): anything extra would have arrived before it.
    /// </summary>
    private static async Task<(int Agent, int App)> ResolvedBeforeSentinelAsync(
        NodUserClient user, NodUserStream stream, Nod.Fanout.NodSubscription updates, string conversationId, string decisionId)
    {
        var sentinel = await user.SendMessageAsync(conversationId, "sentinel").Within();
        var agentSide = await updates.ReadUntilAsync(e => e.Frame is UserMessageFrame m && m.MessageId == sentinel.Id);
        var appSide = await stream.Subscription.ReadUntilAsync(e => e.Frame is MessageCreatedFrame m && m.Message.Id == sentinel.Id);
        return (
            agentSide.Count(e => e.Frame is DecisionResolvedFrame f && f.DecisionId == decisionId),
            appSide.Count(e => e.Frame is DecisionUpdatedFrame f && f.Decision.Id == decisionId));
    }

    private static void AssertSameResolution(Decision expected, Decision actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Note, actual.Note);
        Assert.Equal(expected.ResolvedBy, actual.ResolvedBy);
        Assert.Equal(expected.ResolvedAt, actual.ResolvedAt);
        Assert.Equal(expected.AlwaysAllow, actual.AlwaysAllow);
        Assert.Equal(expected.AlwaysAllowPattern, actual.AlwaysAllowPattern);
    }

    /// <summary>Every valid resolution of a kind (dismissal aside).</summary>
    internal static ResolveDecisionRequest[] FormsFor(DecisionKind kind) => kind switch
    {
        DecisionKind.Approval =>
        [
            new() { Status = DecisionStatus.Approved },
            new() { Status = DecisionStatus.Approved, Note = "ship it" },
            new() { Status = DecisionStatus.Rejected },
            new() { Status = DecisionStatus.Rejected, Note = "not today" },
        ],
        DecisionKind.Choice =>
        [
            new() { Status = DecisionStatus.Responded, Note = "Blue" },
            new() { Status = DecisionStatus.Responded, Note = "Green" },
            new() { Status = DecisionStatus.Responded, Note = "Purple, actually" },
        ],
        DecisionKind.Question =>
        [
            new() { Status = DecisionStatus.Responded, Note = "Friday at noon" },
            new() { Status = DecisionStatus.Responded, Note = "42" },
        ],
        _ =>
        [
            new() { Status = DecisionStatus.Approved },
            new() { Status = DecisionStatus.Approved, AlwaysAllow = true, AlwaysAllowPattern = "Bash(npm install *)" },
            new() { Status = DecisionStatus.Rejected },
            new() { Status = DecisionStatus.Rejected, Note = "no network today" },
        ],
    };

    private sealed class Attempt(DecisionAction action, ResolveDecisionRequest[] forms)
    {
        public DecisionAction Action { get; } = action;

        public Decision? Result { get; private set; }

        public Exception? Error { get; private set; }

        private ResolveDecisionRequest Form => forms[Action.Form % forms.Length];

        public DecisionStatus ExpectedStatus => Action.Kind switch
        {
            ActionKind.Resolve => Form.Status,
            ActionKind.Dismiss => DecisionStatus.Dismissed,
            ActionKind.Cancel => DecisionStatus.Cancelled,
            _ => DecisionStatus.Expired,
        };

        public async Task RunAsync(NodTestHost host, NodUserClient user, NodAgentClient agent, string id)
        {
            if (Action.Kind == ActionKind.Expire)
            {
                host.Time.Advance(PastAnyExpiry);
                return;
            }

            try
            {
                Result = Action.Kind switch
                {
                    ActionKind.Resolve => await user.ResolveDecisionAsync(id, Form).Within(),
                    ActionKind.Dismiss => await user.DismissAsync(id).Within(),
                    _ => await agent.CancelDecisionAsync(id).Within(),
                };
            }
            catch (NodException ex)
            {
                Error = ex;
            }
        }
    }

    // ---- Facts ----

    [Fact]
    public async Task Resolve_FiftyConcurrentResolvers_ExactlyOneSucceedsAndTheRestGet409()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var pending = await agent.RequestDecisionAsync(Approval()).Within();

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resolvers = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var resolver = host.Nod.ForUser("alice", $"Resolver {i}");
            return await Record(() => i % 2 == 0 ? resolver.ApproveAsync(pending.Id, $"note {i}") : resolver.RejectAsync(pending.Id, $"note {i}"));
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(resolvers).Within();

        Assert.Single(outcomes, e => e is null);
        Assert.All(outcomes.Where(e => e is not null), e => Assert.Equal(NodErrorKind.Conflict, Assert.IsType<NodException>(e).Kind));
        var final = await user.GetDecisionAsync(pending.Id).Within();
        var winner = int.Parse(final.Note!["note ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Null(outcomes[winner]);
        Assert.Equal($"Resolver {winner}", final.ResolvedBy);
        Assert.Equal(winner % 2 == 0 ? DecisionStatus.Approved : DecisionStatus.Rejected, final.Status);
        Assert.Single(await ResolvedInLogAsync(agent, pending.Id));
        AssertSameResolution(final, await pending.Resolution.Within());
    }

    [Fact]
    public async Task Decision_ManyConcurrentCancelsDismissesAnswersAndExpiries_ExactlyOneWins()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var pending = await agent.RequestDecisionAsync(Question(expiresInS: 5)).Within();

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await Record(() => (i % 4) switch
            {
                0 => agent.CancelDecisionAsync(pending.Id),
                1 => user.DismissAsync(pending.Id),
                2 => Task.Run(() => host.Time.Advance(TimeSpan.FromSeconds(10))),
                _ => user.RespondAsync(pending.Id, $"answer {i}"),
            });
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(racers).Within();

        var final = await user.GetDecisionAsync(pending.Id).Within();
        var successes = Enumerable.Range(0, 40).Count(i => i % 4 != 2 && outcomes[i] is null);
        Assert.Equal(1, successes + (final.Status == DecisionStatus.Expired ? 1 : 0));
        Assert.All(outcomes.Where(e => e is not null), e => Assert.Equal(NodErrorKind.Conflict, Assert.IsType<NodException>(e).Kind));
        Assert.Single(await ResolvedInLogAsync(agent, pending.Id));
    }

    public enum ResolutionForm
    {
        ApprovalApprovedWithNote,
        ApprovalRejectedWithNote,
        ApprovalApprovedWithoutNote,
        ChoiceRespondedWithOption,
        ChoiceRespondedWithOtherText,
        QuestionResponded,
        PermissionApproved,
        PermissionAlwaysAllowWithPattern,
        PermissionRejected,
        ApprovalDismissed,
        ChoiceDismissed,
        PermissionDismissed,
        QuestionCancelledByAgent,
        ApprovalExpired,
        PermissionExpired,
    }

    [Theory]
    [InlineData(ResolutionForm.ApprovalApprovedWithNote)]
    [InlineData(ResolutionForm.ApprovalRejectedWithNote)]
    [InlineData(ResolutionForm.ApprovalApprovedWithoutNote)]
    [InlineData(ResolutionForm.ChoiceRespondedWithOption)]
    [InlineData(ResolutionForm.ChoiceRespondedWithOtherText)]
    [InlineData(ResolutionForm.QuestionResponded)]
    [InlineData(ResolutionForm.PermissionApproved)]
    [InlineData(ResolutionForm.PermissionAlwaysAllowWithPattern)]
    [InlineData(ResolutionForm.PermissionRejected)]
    [InlineData(ResolutionForm.ApprovalDismissed)]
    [InlineData(ResolutionForm.ChoiceDismissed)]
    [InlineData(ResolutionForm.PermissionDismissed)]
    [InlineData(ResolutionForm.QuestionCancelledByAgent)]
    [InlineData(ResolutionForm.ApprovalExpired)]
    [InlineData(ResolutionForm.PermissionExpired)]
    public async Task Resolution_EveryForm_AgentGetsWinnersStatusNoteResolverAndTime(ResolutionForm form)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var conversationId = agent.DefaultConversationId;
        var request = form.ToString() switch
        {
            var f when f.StartsWith("Approval", StringComparison.Ordinal) => Approval(conversationId: conversationId, expiresInS: 120),
            var f when f.StartsWith("Choice", StringComparison.Ordinal) => Choice(conversationId: conversationId),
            var f when f.StartsWith("Question", StringComparison.Ordinal) => Question(conversationId: conversationId),
            _ => Permission(conversationId: conversationId, expiresInS: 120),
        };
        var pending = await agent.RequestDecisionAsync(request).Within();
        host.Time.Advance(TimeSpan.FromSeconds(7));

        (DecisionStatus Status, string? Note, bool AlwaysAllow, string? Pattern, string? By) expected = form switch
        {
            ResolutionForm.ApprovalApprovedWithNote => (DecisionStatus.Approved, "ship it", false, null, "Alice"),
            ResolutionForm.ApprovalRejectedWithNote => (DecisionStatus.Rejected, "too risky", false, null, "Alice"),
            ResolutionForm.ApprovalApprovedWithoutNote => (DecisionStatus.Approved, null, false, null, "Alice"),
            ResolutionForm.ChoiceRespondedWithOption => (DecisionStatus.Responded, "Green", false, null, "Alice"),
            ResolutionForm.ChoiceRespondedWithOtherText => (DecisionStatus.Responded, "Something in orange", false, null, "Alice"),
            ResolutionForm.QuestionResponded => (DecisionStatus.Responded, "Every night at 2am", false, null, "Alice"),
            ResolutionForm.PermissionApproved => (DecisionStatus.Approved, null, false, null, "Alice"),
            ResolutionForm.PermissionAlwaysAllowWithPattern => (DecisionStatus.Approved, null, true, "Bash(npm install *)", "Alice"),
            ResolutionForm.PermissionRejected => (DecisionStatus.Rejected, "no", false, null, "Alice"),
            ResolutionForm.ApprovalDismissed or ResolutionForm.ChoiceDismissed or ResolutionForm.PermissionDismissed =>
                (DecisionStatus.Dismissed, null, false, null, "Alice"),
            ResolutionForm.QuestionCancelledByAgent => (DecisionStatus.Cancelled, null, false, null, null),
            _ => (DecisionStatus.Expired, null, false, null, null),
        };

        DateTimeOffset resolvedAt;
        Decision? returned = null;
        switch (form)
        {
            case ResolutionForm.ApprovalExpired or ResolutionForm.PermissionExpired:
                host.Time.Advance(TimeSpan.FromSeconds(113));
                resolvedAt = host.NowMs();
                break;
            case ResolutionForm.QuestionCancelledByAgent:
                resolvedAt = host.NowMs();
                returned = await agent.CancelDecisionAsync(pending.Id).Within();
                break;
            case ResolutionForm.ApprovalDismissed or ResolutionForm.ChoiceDismissed or ResolutionForm.PermissionDismissed:
                resolvedAt = host.NowMs();
                returned = await user.DismissAsync(pending.Id).Within();
                break;
            default:
                resolvedAt = host.NowMs();
                returned = await user.ResolveDecisionAsync(pending.Id, new ResolveDecisionRequest
                {
                    Status = expected.Status,
                    Note = expected.Note,
                    AlwaysAllow = expected.AlwaysAllow,
                    AlwaysAllowPattern = expected.Pattern,
                }).Within();
                break;
        }

        var resolution = await pending.Resolution.Within();
        Assert.Equal(pending.Id, resolution.Id);
        Assert.Equal(expected.Status, resolution.Status);
        Assert.Equal(expected.Note, resolution.Note);
        Assert.Equal(expected.AlwaysAllow, resolution.AlwaysAllow);
        Assert.Equal(expected.Pattern, resolution.AlwaysAllowPattern);
        Assert.Equal(expected.By, resolution.ResolvedBy);
        Assert.Equal(resolvedAt, resolution.ResolvedAt);
        if (returned is not null)
        {
            AssertSameResolution(resolution, returned);
        }

        var frame = Assert.Single(await ResolvedInLogAsync(agent, pending.Id));
        Assert.Equal(pending.Id, frame.DecisionId);
        Assert.Equal(conversationId, frame.ConversationId);
        Assert.Equal(expected.Status, frame.Status);
        Assert.Equal(expected.Note, frame.Note);
        Assert.Equal(expected.AlwaysAllow, frame.AlwaysAllow);
        Assert.Equal(expected.Pattern, frame.AlwaysAllowPattern);
        Assert.Equal(expected.By, frame.ResolvedBy);
        Assert.Equal(resolvedAt, frame.ResolvedAt);
        Assert.StartsWith("evt_", frame.EventId, StringComparison.Ordinal);

        AssertSameResolution(resolution, await user.GetDecisionAsync(pending.Id).Within());
        AssertSameResolution(resolution, await agent.GetDecisionAsync(pending.Id).Within());
        AssertSameResolution(resolution, await agent.WaitForResolutionAsync(pending.Id).Within());
    }

    [Fact]
    public async Task AskAsync_UserResolves_CompletesWithWinnersResolution()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await using var stream = await user.SubscribeAsync().Within();

        var asking = agent.AskAsync(Choice());
        var id = await stream.NextDecisionIdAsync();
        Assert.False(asking.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(3));
        var resolved = await user.RespondAsync(id, "Blue").Within();

        var answer = await asking.Within();
        Assert.Equal(DecisionStatus.Responded, answer.Status);
        Assert.Equal("Blue", answer.Note);
        Assert.Equal("Alice", answer.ResolvedBy);
        Assert.Equal(host.NowMs(), answer.ResolvedAt);
        AssertSameResolution(resolved, answer);
    }

    [Fact]
    public async Task AskAsync_DecisionExpires_CompletesWithExpired()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await using var stream = await user.SubscribeAsync().Within();

        var asking = agent.AskAsync(Approval(expiresInS: 60));
        await stream.NextDecisionIdAsync();
        host.Time.Advance(TimeSpan.FromSeconds(59));
        await agent.AlertAsync("a later command: any expiry queued before it has run").Within();
        Assert.False(asking.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(1));

        var answer = await asking.Within();
        Assert.Equal(DecisionStatus.Expired, answer.Status);
        Assert.Null(answer.ResolvedBy);
        Assert.Equal(host.NowMs(), answer.ResolvedAt);
    }

    [Fact]
    public async Task AskAsync_CallerStopsWaiting_DecisionStaysPendingAndStillResolves()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        await using var stream = await user.SubscribeAsync().Within();
        using var giveUp = new CancellationTokenSource();

        var asking = agent.AskAsync(Question(), giveUp.Token);
        var id = await stream.NextDecisionIdAsync();
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asking.Within());
        Assert.Equal(DecisionStatus.Pending, (await user.GetDecisionAsync(id).Within()).Status);
        await user.RespondAsync(id, "later").Within();
        Assert.Equal("later", (await agent.WaitForResolutionAsync(id).Within()).Note);
        Assert.Equal("later", Assert.Single(await ResolvedInLogAsync(agent, id)).Note);
    }

    [Fact]
    public async Task Expiry_FractionalSeconds_ExpiresAtThatMillisecond()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var pending = await agent.RequestDecisionAsync(Approval(expiresInS: 1.5)).Within();
        Assert.Equal(host.NowMs().AddMilliseconds(1500), (await user.GetDecisionAsync(pending.Id).Within()).ExpiresAt);

        host.Time.Advance(TimeSpan.FromMilliseconds(1499));
        await agent.AlertAsync("a later command: any expiry queued before it has run").Within();
        Assert.False(pending.Resolution.IsCompleted);
        host.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(DecisionStatus.Expired, (await pending.Resolution.Within()).Status);
    }

    [Fact]
    public async Task Expiry_WithoutExpiresInS_StaysPendingForever()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var pending = await agent.RequestDecisionAsync(Permission()).Within();

        host.Time.Advance(TimeSpan.FromDays(400));
        var resolved = await user.RejectAsync(pending.Id).Within();

        Assert.Equal(DecisionStatus.Rejected, resolved.Status);
        Assert.Equal(DecisionStatus.Rejected, Assert.Single(await ResolvedInLogAsync(agent, pending.Id)).Status);
    }

    [Fact]
    public async Task Expiry_AfterResolution_EmitsNothingMore()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var pending = await agent.RequestDecisionAsync(Approval(expiresInS: 10)).Within();

        await user.ApproveAsync(pending.Id).Within();
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await FailsWith(NodErrorKind.Conflict, () => agent.CancelDecisionAsync(pending.Id));

        Assert.Equal(DecisionStatus.Approved, Assert.Single(await ResolvedInLogAsync(agent, pending.Id)).Status);
        Assert.Equal(DecisionStatus.Approved, (await user.GetDecisionAsync(pending.Id).Within()).Status);
    }

    public enum InvalidResolution
    {
        RespondedOnApproval,
        RespondedOnPermission,
        ApprovedOnChoice,
        RejectedOnQuestion,
        AlwaysAllowOnApproval,
        AlwaysAllowOnChoice,
        AlwaysAllowWithoutPattern,
        AlwaysAllowWithBlankPattern,
        RespondedWithoutNoteOnQuestion,
        RespondedWithBlankNoteOnChoice,
        StatusExpiredByUser,
        StatusCancelledByUser,
        StatusPendingByUser,
        NoteTooLong,
    }

    [Theory]
    [InlineData(InvalidResolution.RespondedOnApproval, "status")]
    [InlineData(InvalidResolution.RespondedOnPermission, "status")]
    [InlineData(InvalidResolution.ApprovedOnChoice, "status")]
    [InlineData(InvalidResolution.RejectedOnQuestion, "status")]
    [InlineData(InvalidResolution.AlwaysAllowOnApproval, "always_allow")]
    [InlineData(InvalidResolution.AlwaysAllowOnChoice, "always_allow")]
    [InlineData(InvalidResolution.AlwaysAllowWithoutPattern, "always_allow_pattern")]
    [InlineData(InvalidResolution.AlwaysAllowWithBlankPattern, "always_allow_pattern")]
    [InlineData(InvalidResolution.RespondedWithoutNoteOnQuestion, "note")]
    [InlineData(InvalidResolution.RespondedWithBlankNoteOnChoice, "note")]
    [InlineData(InvalidResolution.StatusExpiredByUser, "status")]
    [InlineData(InvalidResolution.StatusCancelledByUser, "status")]
    [InlineData(InvalidResolution.StatusPendingByUser, "status")]
    [InlineData(InvalidResolution.NoteTooLong, "note")]
    public async Task Resolve_StatusDoesNotFitKind_400NamingTheFieldAndStillPending(InvalidResolution invalid, string field)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var (request, resolution) = invalid switch
        {
            InvalidResolution.RespondedOnApproval => (Approval(), new ResolveDecisionRequest { Status = DecisionStatus.Responded, Note = "yes" }),
            InvalidResolution.RespondedOnPermission => (Permission(), new ResolveDecisionRequest { Status = DecisionStatus.Responded, Note = "yes" }),
            InvalidResolution.ApprovedOnChoice => (Choice(), new ResolveDecisionRequest { Status = DecisionStatus.Approved, Note = "Blue" }),
            InvalidResolution.RejectedOnQuestion => (Question(), new ResolveDecisionRequest { Status = DecisionStatus.Rejected }),
            InvalidResolution.AlwaysAllowOnApproval => (Approval(), new ResolveDecisionRequest { Status = DecisionStatus.Approved, AlwaysAllow = true, AlwaysAllowPattern = "*" }),
            InvalidResolution.AlwaysAllowOnChoice => (Choice(), new ResolveDecisionRequest { Status = DecisionStatus.Responded, Note = "Blue", AlwaysAllow = true, AlwaysAllowPattern = "*" }),
            InvalidResolution.AlwaysAllowWithoutPattern => (Permission(), new ResolveDecisionRequest { Status = DecisionStatus.Approved, AlwaysAllow = true }),
            InvalidResolution.AlwaysAllowWithBlankPattern => (Permission(), new ResolveDecisionRequest { Status = DecisionStatus.Approved, AlwaysAllow = true, AlwaysAllowPattern = "  " }),
            InvalidResolution.RespondedWithoutNoteOnQuestion => (Question(), new ResolveDecisionRequest { Status = DecisionStatus.Responded }),
            InvalidResolution.RespondedWithBlankNoteOnChoice => (Choice(), new ResolveDecisionRequest { Status = DecisionStatus.Responded, Note = " " }),
            InvalidResolution.StatusExpiredByUser => (Approval(), new ResolveDecisionRequest { Status = DecisionStatus.Expired }),
            InvalidResolution.StatusCancelledByUser => (Question(), new ResolveDecisionRequest { Status = DecisionStatus.Cancelled }),
            InvalidResolution.StatusPendingByUser => (Permission(), new ResolveDecisionRequest { Status = DecisionStatus.Pending }),
            _ => (Question(), new ResolveDecisionRequest { Status = DecisionStatus.Responded, Note = new string('x', (64 * 1024) + 1) }),
        };
        var pending = await agent.RequestDecisionAsync(request).Within();

        var error = await FailsWith(NodErrorKind.InvalidRequest, () => user.ResolveDecisionAsync(pending.Id, resolution));

        Assert.Contains(field, error.Detail, StringComparison.Ordinal);
        Assert.Equal(DecisionStatus.Pending, (await user.GetDecisionAsync(pending.Id).Within()).Status);
        Assert.Empty(await ResolvedInLogAsync(agent, pending.Id));
        Assert.Empty(await user.GetRulesAsync(agent.AgentId).Within());
        Assert.False(pending.Resolution.IsCompleted);

        // A fitting resolution still works afterwards.
        await user.DismissAsync(pending.Id).Within();
        Assert.Equal(DecisionStatus.Dismissed, (await pending.Resolution.Within()).Status);
    }

    public enum Ending
    {
        Resolve,
        Cancel,
        Expire,
    }

    [Theory]
    [InlineData(Ending.Resolve)]
    [InlineData(Ending.Cancel)]
    [InlineData(Ending.Expire)]
    public async Task WaitForResolution_QueuedRightBehindTheEndingCommand_ReturnsTheResolution(Ending ending)
    {
        // WaitForResolutionAsync: "completes at once if it already is [resolved]" — also when the resolution is still
        // being committed in the same engine batch.
        var store = new GatedStore();
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;
        var pending = await agent.RequestDecisionAsync(Approval(expiresInS: 30)).Within();

        Task<Decision>? waiting = null;
        await store.InOneBatchAsync(agent, () =>
        {
            switch (ending)
            {
                case Ending.Resolve:
                    _ = user.ApproveAsync(pending.Id, "ok");
                    break;
                case Ending.Cancel:
                    _ = agent.CancelDecisionAsync(pending.Id);
                    break;
                default:
                    host.Time.Advance(PastAnyExpiry); // the clock queues the expiry at once
                    break;
            }

            waiting = agent.WaitForResolutionAsync(pending.Id);
        });

        var resolution = await pending.Resolution.Within();
        AssertSameResolution(resolution, await waiting!.Within());
    }

    [Fact]
    public async Task Expiry_DueWhileHostWasDown_ExpiresAtStartUpOnce()
    {
        var store = new InMemoryNodStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
        string decisionId;
        AgentCredentials credentials;
        await using (var before = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store), time: time))
        {
            NodAgentClient agent;
            (_, agent, credentials) = await before.UserWithAgentAsync();
            await using (agent)
            {
                decisionId = (await agent.RequestDecisionAsync(Approval(expiresInS: 60)).Within()).Id;
            }
        }

        time.Advance(TimeSpan.FromMinutes(10));
        await using var after = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store), time: time);
        var restarted = after.Nod.AuthenticateAgent(credentials.AgentId, credentials.Secret);

        var resolution = await restarted.WaitForResolutionAsync(decisionId).Within();
        Assert.Equal(DecisionStatus.Expired, resolution.Status);
        Assert.Single(await ResolvedInLogAsync(restarted, decisionId));
    }

    [Fact]
    public async Task Expiry_PendingAcrossRestart_ExpiresAtItsDeadline()
    {
        var store = new InMemoryNodStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
        string decisionId;
        AgentCredentials credentials;
        await using (var before = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store), time: time))
        {
            NodAgentClient agent;
            (_, agent, credentials) = await before.UserWithAgentAsync();
            await using (agent)
            {
                decisionId = (await agent.RequestDecisionAsync(Permission(expiresInS: 600)).Within()).Id;
            }
        }

        await using var after = await NodTestHost.StartAsync(services: s => s.AddSingleton<INodStore>(store), time: time);
        await using var restarted = await after.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret).Within();
        var waiting = restarted.WaitForResolutionAsync(decisionId);
        await restarted.AlertAsync("a later command: the wait is registered").Within();
        after.Time.Advance(TimeSpan.FromSeconds(599));
        await restarted.AlertAsync("a later command: any expiry queued before it has run").Within();
        Assert.False(waiting.IsCompleted);

        after.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(DecisionStatus.Expired, (await waiting.Within()).Status);
        Assert.Single(await ResolvedInLogAsync(restarted, decisionId));
    }

    [Fact]
    public async Task Resolve_UnknownDecision_404()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var connection = agent;

        await FailsWith(NodErrorKind.NotFound, () => user.ApproveAsync("dec_0000000000000000"));
        await FailsWith(NodErrorKind.NotFound, () => agent.CancelDecisionAsync("dec_0000000000000000"));
        await FailsWith(NodErrorKind.NotFound, () => agent.GetDecisionAsync("dec_0000000000000000"));
    }
}

public enum ActionKind
{
    Resolve,
    Dismiss,
    Cancel,
    Expire,
}

/// <summary>One attempt to end a decision; <see cref="Form"/> picks the resolution form for <see cref="ActionKind.Resolve"/>.</summary>
public sealed record DecisionAction(ActionKind Kind, int Form)
{
    public override string ToString() => Kind == ActionKind.Resolve ? $"Resolve#{Form}" : Kind.ToString();
}

/// <summary>How the attempts meet the engine.</summary>
public enum Interleaving
{
    /// <summary>Each awaited before the next.</summary>
    InOrder,

    /// <summary>All at once from many threads.</summary>
    Concurrent,

    /// <summary>Queued in order while the engine is busy, so one batch prepares them all.</summary>
    OneBatch,
}

public sealed record DecisionScenario(DecisionKind Kind, bool WithExpiry, Interleaving Mode, IReadOnlyList<DecisionAction> Actions)
{
    public override string ToString() =>
        $"{Kind}{(WithExpiry ? " expires_in_s=30" : string.Empty)} {Mode}: {string.Join(", ", Actions)}";
}

/// <summary>FsCheck generators for <see cref="DecisionScenario"/>.</summary>
public static class DecisionScenarios
{
    public static Arbitrary<DecisionScenario> Scenario()
    {
        var action =
            from kind in Gen.Frequency(
                (4, Gen.Constant(ActionKind.Resolve)),
                (2, Gen.Constant(ActionKind.Dismiss)),
                (2, Gen.Constant(ActionKind.Cancel)),
                (2, Gen.Constant(ActionKind.Expire)))
            from form in Gen.Choose(0, 11)
            select new DecisionAction(kind, form);
        var scenario =
            from kind in Gen.Elements(DecisionKind.Approval, DecisionKind.Choice, DecisionKind.Question, DecisionKind.Permission)
            from withExpiry in Gen.Elements(true, false)
            from mode in Gen.Elements(Interleaving.InOrder, Interleaving.Concurrent, Interleaving.OneBatch)
            from count in Gen.Choose(1, 8)
            from actions in action.ListOf(count)
            select new DecisionScenario(kind, withExpiry, mode, actions.ToArray());
        return scenario.ToArbitrary();
    }
}
