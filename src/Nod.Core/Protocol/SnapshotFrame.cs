using System.Text.Json.Serialization;
using Nod.Model;

namespace Nod.Protocol;

/// <summary>
/// The first frame of a user's live stream (PROTOCOL §7): what is pending and live at <see cref="NodFrame.Seq"/>,
/// the log position the stream continues from.
/// </summary>
public sealed record SnapshotFrame : AppFrame
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "snapshot";

    /// <inheritdoc />
    [JsonPropertyOrder(-10)]
    public override string Type => TypeName;

    /// <summary>Every pending request of the agents the user can see, oldest first.</summary>
    public IReadOnlyList<Decision> PendingDecisions { get; init; } = [];

    /// <summary>Every "Thinking…" bubble that is on.</summary>
    public IReadOnlyList<IndicatorSnapshot> Indicators { get; init; } = [];

    /// <summary>Online state of every agent the user can see.</summary>
    public IReadOnlyList<AgentPresence> Agents { get; init; } = [];
}

/// <summary>An active indicator in a snapshot.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Active">Always <see langword="true"/> in a snapshot.</param>
/// <param name="StatusText">The bubble text, or <see langword="null"/>.</param>
/// <param name="Since">When it turned on.</param>
public sealed record IndicatorSnapshot(string AgentId, string ConversationId, bool Active, string? StatusText, DateTimeOffset Since);

/// <summary>Whether an agent is online.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Online">Whether at least one agent connection is open.</param>
public sealed record AgentPresence(string AgentId, bool Online);
