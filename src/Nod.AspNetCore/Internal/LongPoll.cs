using Nod.Storage;

namespace Nod.AspNetCore.Internal;

/// <summary>The waiting half of <c>GET /api/agent/updates?wait_s=</c>: returns as soon as an update arrives, or empty at the deadline.</summary>
internal static class LongPoll
{
    /// <summary>
    /// Waits up to <paramref name="wait"/> for updates after <paramref name="after"/>. The subscription first reads the
    /// log after <paramref name="after"/>, so an update committed between the caller's read and this call is not missed.
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <param name="after">Only updates with a larger <c>seq</c>.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="wait">How long to wait at most.</param>
    /// <param name="time">The clock the deadline runs on.</param>
    /// <param name="stopping">Ends the wait early with what there is (the host is stopping).</param>
    /// <param name="cancellationToken">The caller went away.</param>
    public static async Task<IReadOnlyList<NodEvent>> WaitAsync(
        NodAgentClient agent, long after, int limit, TimeSpan wait, TimeProvider time, CancellationToken stopping, CancellationToken cancellationToken)
    {
        // Created before the first await, so the deadline counts from the call (tests advance a fake clock right after it).
        using var deadline = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping, cancellationToken);
        var subscription = agent.SubscribeUpdates(after);
        await using (subscription.ConfigureAwait(false))
        {
            var updates = new List<NodEvent>();
            try
            {
                // Ready can still mean nothing to take (the subscription had to read the store first): wait on then.
                while (updates.Count == 0)
                {
                    if (!await subscription.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                    {
                        return [];
                    }

                    while (updates.Count < limit && subscription.TryRead(out var update))
                    {
                        updates.Add(update);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return updates;
            }

            return updates;
        }
    }
}
