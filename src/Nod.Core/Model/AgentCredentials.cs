namespace Nod.Model;

/// <summary>
/// Returned once when an agent is created: the only time its secret is visible (PROTOCOL §7, <c>POST /api/app/agents</c>).
/// </summary>
public sealed record AgentCredentials
{
    /// <summary>The created agent.</summary>
    public required Agent Agent { get; init; }

    /// <summary>The agent id (same as <c>Agent.Id</c>).</summary>
    public required string AgentId { get; init; }

    /// <summary>The agent secret, <c>nod_</c> + 40 hex. Only a hash of it is kept.</summary>
    public required string Secret { get; init; }

    /// <summary>The webhook signing secret, <c>whsec_</c> + base64 of 32 bytes.</summary>
    public required string WebhookSecret { get; init; }

    /// <summary>Prints the credentials without the secrets, so logging them never leaks them.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("AgentId = ").Append(AgentId).Append(", Secret = ***, WebhookSecret = ***");
        return true;
    }
}
