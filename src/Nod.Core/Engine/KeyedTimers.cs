using Nod.Deadlines;

namespace Nod.Engine;

/// <summary>
/// The engine's armed deadlines of one kind (decision expiry, indicator expiry, task schedule, run timeout), by key
/// and agent, so re-arming replaces and deleting an agent cancels all of its. Used only on the engine loop.
/// </summary>
internal sealed class KeyedTimers<TKey>(DeadlineQueue queue)
    where TKey : notnull
{
    private readonly Dictionary<TKey, (string AgentId, DateTimeOffset DueAt, DeadlineHandle Handle)> _armed = [];

    /// <summary>Arms (or re-arms) the deadline of <paramref name="key"/>; an identical one stays as it is.</summary>
    public void Arm(TKey key, string agentId, DateTimeOffset dueAt, Action fire)
    {
        if (_armed.TryGetValue(key, out var armed))
        {
            if (armed.DueAt == dueAt && !armed.Handle.HasFired)
            {
                return;
            }

            armed.Handle.Cancel();
        }

        _armed[key] = (agentId, dueAt, queue.Schedule(dueAt, fire));
    }

    public void Cancel(TKey key)
    {
        if (_armed.Remove(key, out var armed))
        {
            armed.Handle.Cancel();
        }
    }

    public void CancelAgent(string agentId)
    {
        foreach (var (key, armed) in _armed.Where(a => a.Value.AgentId == agentId).ToList())
        {
            armed.Handle.Cancel();
            _armed.Remove(key);
        }
    }
}
