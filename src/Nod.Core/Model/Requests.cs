namespace Nod.Model;

/// <summary>A new agent (PROTOCOL §7, <c>POST /api/app/agents</c>).</summary>
public sealed record CreateAgentRequest
{
    /// <summary>Display name (required, at most 300 characters).</summary>
    public string? Name { get; init; }

    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>Interactive (default) or approval-only.</summary>
    public AgentType Type { get; init; } = AgentType.Interactive;

    /// <summary>Optional http(s) URL for webhooks.</summary>
    public string? WebhookUrl { get; init; }
}

/// <summary>
/// Changes to an agent (PROTOCOL §7, <c>PATCH /api/app/agents/{id}</c>): a <see langword="null"/> property stays as
/// it is; an empty string clears <see cref="Description"/> or <see cref="WebhookUrl"/>.
/// </summary>
public sealed record UpdateAgentRequest
{
    /// <summary>New name, or <see langword="null"/> to keep it.</summary>
    public string? Name { get; init; }

    /// <summary>New description, <c>""</c> to clear, or <see langword="null"/> to keep it.</summary>
    public string? Description { get; init; }

    /// <summary>New webhook URL, <c>""</c> to clear, or <see langword="null"/> to keep it.</summary>
    public string? WebhookUrl { get; init; }
}

/// <summary>A new conversation.</summary>
public sealed record CreateConversationRequest
{
    /// <summary>Optional title.</summary>
    public string? Title { get; init; }
}

/// <summary>A person's chat message to an agent (PROTOCOL §7): text or media is required.</summary>
public sealed record SendMessageRequest
{
    /// <summary>Markdown text; for voice, the transcript.</summary>
    public string? Text { get; init; }

    /// <summary>Image URLs (http, https or data:image).</summary>
    public IReadOnlyList<string>? ImageUrls { get; init; }

    /// <summary>Audio URL of a voice message.</summary>
    public string? AudioUrl { get; init; }

    /// <summary>The message this one replies to (same conversation).</summary>
    public string? ReplyToId { get; init; }
}

/// <summary>
/// How a person resolves a request (PROTOCOL §7, <c>POST /api/app/decisions/{id}/resolve</c>): <c>approved</c> or
/// <c>rejected</c> for approvals and permissions, <c>responded</c> (with the answer as note) for choices and questions,
/// <c>dismissed</c> for any.
/// </summary>
public sealed record ResolveDecisionRequest
{
    /// <summary>The resolution.</summary>
    public DecisionStatus Status { get; init; }

    /// <summary>The note, chosen option, "Other…" text or answer.</summary>
    public string? Note { get; init; }

    /// <summary>Permission only: approve now and from now on for <see cref="AlwaysAllowPattern"/>.</summary>
    public bool AlwaysAllow { get; init; }

    /// <summary>The pattern to always allow (required with <see cref="AlwaysAllow"/>).</summary>
    public string? AlwaysAllowPattern { get; init; }
}

/// <summary>A new always-allow or deny rule.</summary>
public sealed record AddRuleRequest
{
    /// <summary>The pattern; <c>*</c> matches any run of characters.</summary>
    public string? Pattern { get; init; }

    /// <summary>Allow or deny (required: a rule that forgot its effect must not silently allow).</summary>
    public RuleEffect? Effect { get; init; }
}

/// <summary>Which requests to list.</summary>
public enum DecisionFilter
{
    /// <summary>Only pending (the default).</summary>
    Pending,

    /// <summary>Only resolved.</summary>
    Resolved,

    /// <summary>All.</summary>
    All,
}

/// <summary>A page of requests to list, newest first.</summary>
public sealed record DecisionQuery
{
    /// <summary>Pending, resolved or all.</summary>
    public DecisionFilter Status { get; init; } = DecisionFilter.Pending;

    /// <summary>Only this agent's.</summary>
    public string? AgentId { get; init; }

    /// <summary>Only this conversation's.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Only older than this cursor (a previous page's <c>next_before</c>).</summary>
    public long? Before { get; init; }

    /// <summary>Page size, 1 to 100 (default 50).</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>A page of results, newest page first, with the cursor of the next (older) page.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items (ordering documented per call).</param>
/// <param name="NextBefore">Pass as <c>before</c> for the next page; <see langword="null"/> on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, long? NextBefore);
