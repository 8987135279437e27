using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine;

/// <summary>
/// The one way a decision ends, whoever ends it (a person, a rule, the agent, expiry): one write guarded by the
/// decision's version, the agent's one <c>decision_resolved</c>, the app's <c>decision_resolved</c>, one activity entry.
/// </summary>
internal static class DecisionResolution
{
    /// <summary>The <c>resolved_by</c> of a rule's answer.</summary>
    private const string RuleResolver = "rule";

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
        var resolved = With(context, pending, status, note, resolvedBy, resolvedByUserId, alwaysAllow, alwaysAllowPattern);
        return Commit(context, pending, resolved, Describe(resolved));
    }

    /// <summary>
    /// A rule answers a permission request at once (PROTOCOL §4): allow → <c>approved</c> with the pattern, deny →
    /// <c>rejected</c>. Both name the rule once in the activity entry, "… by rule (pattern)".
    /// </summary>
    public static Decision ByRule(CommandContext context, Decision pending, Rule rule)
    {
        if (rule.Effect == RuleEffect.Allow)
        {
            return Resolve(context, pending, DecisionStatus.Approved, note: null, RuleResolver, resolvedByUserId: null, alwaysAllow: true, alwaysAllowPattern: rule.Pattern);
        }

        // The note tells the agent which rule refused it; the activity says the same once, worded like an allow.
        var resolved = With(context, pending, DecisionStatus.Rejected, $"Denied by rule: {rule.Pattern}", RuleResolver, resolvedByUserId: null, alwaysAllow: false, alwaysAllowPattern: null);
        return Commit(context, pending, resolved, $"Rejected by {RuleResolver} ({rule.Pattern})");
    }

    private static Decision With(
        CommandContext context,
        Decision pending,
        DecisionStatus status,
        string? note,
        string? resolvedBy,
        string? resolvedByUserId,
        bool alwaysAllow,
        string? alwaysAllowPattern) => pending with
        {
            Status = status,
            Note = note,
            AlwaysAllow = alwaysAllow,
            AlwaysAllowPattern = alwaysAllowPattern,
            ResolvedBy = resolvedBy,
            ResolvedByUserId = resolvedByUserId,
            ResolvedAt = context.Now,
        };

    private static Decision Commit(CommandContext context, Decision pending, Decision resolved, string activityText)
    {
        // pending.Version is the stored version: 0 for a decision created (and not yet written) by this same command.
        context.Changes.PutDecision(resolved, pending.Version);
        context.Emit(new DecisionUpdatedFrame { Decision = resolved }, pending.AgentId);
        context.Emit(DecisionResolvedFrame.From(resolved), pending.AgentId);
        context.AddActivity(pending.AgentId, ActivityType.DecisionResolved, pending.Title, activityText, pending.TaskRunId, decisionId: pending.Id);
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
