using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine;

/// <summary>
/// The one way a decision ends, whoever ends it (a person, a rule, the agent, expiry): one write guarded by the
/// decision's version, the agent's one <c>decision_resolved</c>, the app's <c>decision_resolved</c>, one activity entry.
/// </summary>
internal static class DecisionResolution
{
    public static Decision Resolve(
        CommandContext context,
        Decision pending,
        DecisionStatus status,
        string? note,
        string? resolvedBy,
        string? resolvedByUserId,
        bool alwaysAllow = false,
        string? alwaysAllowPattern = null)
    {
        var resolved = pending with
        {
            Status = status,
            Note = note,
            AlwaysAllow = alwaysAllow,
            AlwaysAllowPattern = alwaysAllowPattern,
            ResolvedBy = resolvedBy,
            ResolvedByUserId = resolvedByUserId,
            ResolvedAt = context.Now,
        };

        // pending.Version is the stored version: 0 for a decision created (and not yet written) by this same command.
        context.Changes.PutDecision(resolved, pending.Version);
        context.Emit(new DecisionUpdatedFrame { Decision = resolved }, pending.AgentId);
        context.Emit(DecisionResolvedFrame.From(resolved), pending.AgentId);
        context.AddActivity(pending.AgentId, ActivityType.DecisionResolved, pending.Title, Describe(resolved), pending.TaskRunId, decisionId: pending.Id);
        return resolved;
    }

    private static string Describe(Decision d)
    {
        var by = d.ResolvedBy is null ? string.Empty : $" by {d.ResolvedBy}";
        var what = d.Status switch
        {
            DecisionStatus.Approved when d.AlwaysAllow => $"Always allowed{by} ({d.AlwaysAllowPattern})",
            DecisionStatus.Approved => $"Approved{by}",
            DecisionStatus.Rejected => $"Rejected{by}",
            DecisionStatus.Responded => $"Answered{by}",
            DecisionStatus.Dismissed => $"Dismissed{by}",
            DecisionStatus.Expired => "Expired",
            DecisionStatus.Cancelled => "Cancelled by the agent",
            _ => d.Status.ToString(),
        };
        return d.Note is null ? what : $"{what}: {d.Note}";
    }
}
