using Nod.Model;

namespace Nod;

/// <summary>A decision an in-process agent created, with the task that completes when somebody (or a rule) resolves it.</summary>
/// <param name="Id">The decision id.</param>
/// <param name="Resolution">
/// Completes with the resolved decision; also on dismiss, cancel and expiry. Faults with a <see cref="NodException"/>:
/// 404 when the agent is deleted, 503 when Nod stops first.
/// </param>
public sealed record PendingDecision(string Id, Task<Decision> Resolution);
