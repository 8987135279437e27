using Nod.Core.Tests.Infrastructure;
using Nod.Fanout;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.Core.Tests.Engine;

/// <summary>Small helpers shared by the engine behaviour tests.</summary>
internal static class EngineTestKit
{
    /// <summary>
    /// Runs <paramref name="call"/> and asserts it fails with a <see cref="NodException"/> of <paramref name="kind"/>,
    /// whether the call throws at once or returns a faulted task.
    /// </summary>
    public static async Task<NodException> FailsWith(NodErrorKind kind, Func<Task> call)
    {
        var error = await Record(call);
        var nod = Assert.IsType<NodException>(error);
        Assert.True(nod.Kind == kind, $"expected {kind} ({(int)kind}) but got {nod.Kind} ({(int)nod.Kind}): {nod.Detail}");
        Assert.False(string.IsNullOrWhiteSpace(nod.Detail));
        return nod;
    }

    /// <summary>The exception of <paramref name="call"/>, or <see langword="null"/> if it succeeded.</summary>
    public static async Task<Exception?> Record(Func<Task> call)
    {
        Task task;
        try
        {
            task = call();
        }
#pragma warning disable CA1031 // The test inspects whatever was thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }

        try
        {
            await task.Within();
            return null;
        }
        catch (TimeoutException)
        {
            throw;
        }
#pragma warning disable CA1031 // The test inspects whatever was thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    public static DecisionEvent Approval(string title = "Deploy v2?", string? conversationId = null, double? expiresInS = null) =>
        new() { Title = title, Description = "Ship the release to production", Kind = "approval", ConversationId = conversationId, ExpiresInS = expiresInS };

    public static DecisionEvent Choice(string title = "Which colour?", string? conversationId = null, double? expiresInS = null) =>
        new() { Title = title, Description = "Pick the button colour", Kind = "choice", Options = ["Blue", "Green"], ConversationId = conversationId, ExpiresInS = expiresInS };

    public static DecisionEvent Question(string title = "When should I run it?", string? conversationId = null, double? expiresInS = null) =>
        new() { Title = title, Description = "The nightly job", Kind = "question", ConversationId = conversationId, ExpiresInS = expiresInS };

    public static DecisionEvent Permission(
        string title = "Allow: Bash(npm install stripe)", string? permission = "Bash(npm install stripe)", string? conversationId = null, double? expiresInS = null) =>
        new()
        {
            Title = title,
            Description = "The agent wants to run a command",
            Kind = "permission",
            Permission = permission,
            AllowsAlways = true,
            AlwaysAllowOptions = [new AlwaysAllowOption("Bash(npm install *)", "Any npm install")],
            ConversationId = conversationId,
            ExpiresInS = expiresInS,
        };

    public static DecisionEvent Request(DecisionKind kind, string? conversationId = null, double? expiresInS = null) => kind switch
    {
        DecisionKind.Approval => Approval(conversationId: conversationId, expiresInS: expiresInS),
        DecisionKind.Choice => Choice(conversationId: conversationId, expiresInS: expiresInS),
        DecisionKind.Question => Question(conversationId: conversationId, expiresInS: expiresInS),
        _ => Permission(conversationId: conversationId, expiresInS: expiresInS),
    };

    /// <summary>Every <c>decision_resolved</c> of <paramref name="decisionId"/> in the agent's update log.</summary>
    public static async Task<IReadOnlyList<DecisionResolvedFrame>> ResolvedInLogAsync(NodAgentClient agent, string decisionId)
    {
        var found = new List<DecisionResolvedFrame>();
        long after = 0;
        while (true)
        {
            var page = await agent.GetUpdatesAsync(after).Within();
            if (page.Count == 0)
            {
                return found;
            }

            found.AddRange(page.Select(e => e.Frame).OfType<DecisionResolvedFrame>().Where(f => f.DecisionId == decisionId));
            after = page[^1].Seq;
        }
    }

    /// <summary>Reads events until one matches <paramref name="isSentinel"/>; returns those before it.</summary>
    public static async Task<IReadOnlyList<NodEvent>> ReadUntilAsync(this NodSubscription subscription, Func<NodEvent, bool> isSentinel)
    {
        var before = new List<NodEvent>();
        while (true)
        {
            var next = await subscription.NextAsync();
            if (isSentinel(next))
            {
                return before;
            }

            before.Add(next);
        }
    }

    /// <summary>The decision id announced by the next <c>decision_created</c> frame of the stream.</summary>
    public static async Task<string> NextDecisionIdAsync(this NodUserStream stream) =>
        (await stream.Subscription.NextAsync<DecisionCreatedFrame>()).Decision.Id;

    /// <summary>The time as Nod stamps it: UTC, whole milliseconds.</summary>
    public static DateTimeOffset NowMs(this NodTestHost host)
    {
        var now = host.Time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
