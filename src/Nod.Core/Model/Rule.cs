namespace Nod.Model;

/// <summary>An always-allow (or deny) rule of an agent (PROTOCOL §4 and §7, Rule shape).</summary>
public sealed record Rule
{
    /// <summary>The rule id, <c>rul_</c> + 16 hex.</summary>
    public required string Id { get; init; }

    /// <summary>The agent whose permission requests it answers.</summary>
    public required string AgentId { get; init; }

    /// <summary>Matched against the whole subject; <c>*</c> matches any run of characters.</summary>
    public required string Pattern { get; init; }

    /// <summary>Allow or deny.</summary>
    public RuleEffect Effect { get; init; }

    /// <summary>The user id of who made it.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>When it was made (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
