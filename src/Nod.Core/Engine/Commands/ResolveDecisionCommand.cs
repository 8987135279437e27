using Nod.Internal;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>
/// A person resolves (or dismisses) a request. The first resolution wins; later ones get 409. "Always Allow" on a
/// permission also stores an allow rule for the chosen pattern.
/// </summary>
internal sealed class ResolveDecisionCommand(string userId, string userName, string decisionId, ResolveDecisionRequest request)
    : EngineCommand<Decision>
{
    private Decision? _resolved;

    public override async ValueTask ExecuteAsync(CommandContext context)
    {
        var pending = await PendingDecisions.FindAsync(context, decisionId, agent => agent.IsVisibleTo(userId)).ConfigureAwait(false);
        var limits = context.Limits;
        var note = Fields.Text(request.Note, "note", limits.MaxTextLength);
        var kind = pending.Kind;
        switch (request.Status)
        {
            case DecisionStatus.Approved or DecisionStatus.Rejected when kind is DecisionKind.Choice or DecisionKind.Question:
                throw NodException.Invalid($"status must be 'responded' (or 'dismissed') for a {Wire(kind)} request");
            case DecisionStatus.Responded when kind is DecisionKind.Approval or DecisionKind.Permission:
                throw NodException.Invalid($"status must be 'approved' or 'rejected' (or 'dismissed') for a {Wire(kind)} request");
            case DecisionStatus.Responded when string.IsNullOrWhiteSpace(note):
                throw NodException.Invalid($"note is required: it carries the {(kind == DecisionKind.Choice ? "chosen option or typed answer" : "answer")}");
            case DecisionStatus.Approved or DecisionStatus.Rejected or DecisionStatus.Responded or DecisionStatus.Dismissed:
                break;
            default:
                throw NodException.Invalid("status must be approved, rejected, responded or dismissed");
        }

        string? pattern = null;
        if (request.AlwaysAllow)
        {
            if (kind != DecisionKind.Permission || request.Status != DecisionStatus.Approved)
            {
                throw NodException.Invalid("always_allow is only for approving a permission request");
            }

            if (!pending.AllowsAlways)
            {
                // The agent decides whether a request may be allowed for good; users can still add rules themselves.
                throw NodException.Invalid("always_allow is not offered by this request (its allows_always is false)");
            }

            pattern = Fields.Required(request.AlwaysAllowPattern, "always_allow_pattern", limits.MaxPatternLength,
                "always_allow_pattern is required with always_allow");
            if (!context.State.RulesOf(pending.AgentId).Any(r => r.Effect == RuleEffect.Allow && r.Pattern == pattern))
            {
                context.Changes.PutRule(new Rule
                {
                    Id = NodIds.Rule(),
                    AgentId = pending.AgentId,
                    Pattern = pattern,
                    Effect = RuleEffect.Allow,
                    CreatedBy = userId,
                    CreatedAt = context.Now,
                });
            }
        }

        _resolved = DecisionResolution.Resolve(context, pending, request.Status, note, userName, userId, request.AlwaysAllow, pattern);
        if (pending.TaskProposal is { } proposal && request.Status == DecisionStatus.Approved &&
            context.FindAgent(pending.AgentId) is { Type: AgentType.Interactive } agent)
        {
            // Approving a proposal creates the task it describes (a run_at that passed meanwhile runs at once).
            var task = TaskDefinitions.Create(context, agent, new CreateTaskRequest
            {
                Name = proposal.Name,
                Prompt = proposal.Prompt,
                Schedule = proposal.Schedule,
                RunAt = proposal.RunAt,
                Timezone = proposal.Timezone,
            }, TaskCreator.Agent, lateRunAtRunsNow: true);
            context.Changes.PutTask(task);
        }
    }

    protected override Decision GetResult(CommandContext context) => context.Changes.Decisions[0].Decision;

    private static string Wire(DecisionKind kind) => kind.ToString().ToLowerInvariant();
}
