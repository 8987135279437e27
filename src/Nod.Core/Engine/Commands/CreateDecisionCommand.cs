using Nod.Internal;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>
/// An agent asks people for a decision. A permission request that an always-allow rule covers is answered at once by
/// the rule (deny wins); nobody is asked.
/// </summary>
internal sealed class CreateDecisionCommand(string agentId, DecisionEvent request, bool watch = false, TaskProposal? proposal = null)
    : EngineCommand<AgentEventResult>
{
    private DecisionWaiters? _waiters;

    /// <summary>The new decision's id (known once executed).</summary>
    public string? DecisionId { get; private set; }

    /// <summary>With <c>watch</c>: completes when the decision is resolved.</summary>
    public Task<Decision>? Resolution { get; private set; }

    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = context.CallingAgent(agentId);
        await context.CheckTaskRunAsync(agentId, request.TaskRunId, isMessage: false).ConfigureAwait(false);
        if (proposal is not null)
        {
            CommandContext.RequireTasks(agent);
        }

        var conversationId = request.ConversationId is null ? null : context.ConversationOf(agent, request.ConversationId).Id;
        var decision = new Decision
        {
            Id = NodIds.Decision(),
            AgentId = agentId,
            ConversationId = conversationId,
            TaskRunId = request.TaskRunId,
            Kind = request.ParsedKind,
            Title = request.Title!,
            Description = request.Description!,
            Options = request.Options is { Count: > 0 } options ? [.. options] : null,
            AllowsAlways = request.AllowsAlways ?? false,
            AlwaysAllowLabel = request.AlwaysAllowLabel,
            AlwaysAllowOptions = request.AlwaysAllowOptions is { Count: > 0 } always ? [.. always] : null,
            Permission = request.Permission,
            Status = DecisionStatus.Pending,
            ExpiresAt = request.ExpiresInS is { } seconds ? Timestamps.Truncate(context.Now.AddSeconds(seconds)) : null,
            CreatedAt = context.Now,
            TaskProposal = proposal,
        };
        DecisionId = decision.Id;
        context.Emit(new DecisionCreatedFrame { Decision = decision }, agentId);
        context.AddActivity(agentId, ActivityType.DecisionCreated, decision.Title, decision.Description.Length == 0 ? null : TextPreview.Of(decision.Description), decision.TaskRunId, decisionId: decision.Id);

        var rule = decision.Kind == DecisionKind.Permission ? RuleMatcher.Match(context.State.RulesOf(agentId), RuleMatcher.SubjectOf(decision)) : null;
        if (rule is null)
        {
            context.Changes.PutDecision(decision, expectedVersion: 0);
        }
        else
        {
            DecisionResolution.ByRule(context, decision, rule);
        }

        if (watch)
        {
            // Before commit, so a rule's immediate answer cannot be missed.
            _waiters = context.Engine.Waiters;
            Resolution = _waiters.Watch(decision.Id);
        }
    }

    protected override AgentEventResult GetResult(CommandContext context) => new() { DecisionId = DecisionId };

    protected override void OnFailed(Exception error)
    {
        if (Resolution is not null && DecisionId is not null)
        {
            _waiters?.Fail(DecisionId, error);
        }
    }
}
