using Nod.Protocol;

namespace Nod.Storage;

/// <summary>An event in a change set, before the store gives it its <c>seq</c>.</summary>
/// <param name="Frame">The frame as appended (no <c>seq</c> yet); the numbered copy is in <see cref="ChangeSet.Events"/> once sealed.</param>
/// <param name="AgentId">The agent the event belongs to.</param>
/// <param name="Audience">Who it is for.</param>
/// <param name="EventId">The event id.</param>
/// <param name="CreatedAt">When it happened (UTC).</param>
public sealed record PendingEvent(NodFrame Frame, string AgentId, EventAudience Audience, string EventId, DateTimeOffset CreatedAt);
