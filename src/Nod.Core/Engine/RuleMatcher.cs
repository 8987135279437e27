using Nod.Internal;
using Nod.Model;

namespace Nod.Engine;

/// <summary>Always-allow rules (PROTOCOL §4): a deny rule always wins over allow rules.</summary>
internal static class RuleMatcher
{
    private const string AllowPrefix = "Allow: ";

    /// <summary>The subject a permission request is matched on: its <c>permission</c>, or its title without <c>Allow: </c>.</summary>
    public static string SubjectOf(Decision decision) => SubjectOf(decision.Permission, decision.Title);

    /// <summary>The subject of a request with this <c>permission</c> (may be null) and title.</summary>
    public static string SubjectOf(string? permission, string title) =>
        permission ?? (title.StartsWith(AllowPrefix, StringComparison.Ordinal) ? title[AllowPrefix.Length..] : title);

    /// <summary>The deciding rule for <paramref name="subject"/>: the first matching deny rule, else the first matching allow rule.</summary>
    public static Rule? Match(IReadOnlyList<Rule> rules, string subject)
    {
        Rule? allow = null;
        foreach (var rule in rules)
        {
            if (!GlobPattern.IsMatch(rule.Pattern, subject))
            {
                continue;
            }

            if (rule.Effect == RuleEffect.Deny)
            {
                return rule;
            }

            allow ??= rule;
        }

        return allow;
    }
}
