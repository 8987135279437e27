using System.Collections.Concurrent;
using Nod.Model;

namespace Nod.Engine;

/// <summary>In-process agents awaiting the resolution of their decisions. Completed by the engine loop after commit.</summary>
internal sealed class DecisionWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Decision>> _waiters = new(StringComparer.Ordinal);

    /// <summary>The task that completes when the decision is resolved (one per decision, shared by every waiter).</summary>
    public Task<Decision> Watch(string decisionId) =>
        _waiters.GetOrAdd(decisionId, static _ => new TaskCompletionSource<Decision>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Resolve(Decision decision)
    {
        if (_waiters.TryRemove(decision.Id, out var waiter))
        {
            waiter.TrySetResult(decision);
        }
    }

    public void Fail(string decisionId, Exception error)
    {
        if (_waiters.TryRemove(decisionId, out var waiter))
        {
            waiter.TrySetException(error);
        }
    }

    public void FailAll(Exception error)
    {
        foreach (var id in _waiters.Keys)
        {
            Fail(id, error);
        }
    }
}
