namespace Nod.Fanout;

/// <summary>
/// The readers one publication woke, resumed together: their continuations run one after another on a few thread-pool
/// items (at most one per core, and one per <see cref="MinReadersPerItem"/> readers) rather than on one item each: for
/// a thousand WebSocket pumps on two cores, two hand-offs instead of a thousand.
/// </summary>
/// <remarks>Used from the publishing thread only. Readers that opt in must not block after a wait (see <see cref="NodSubscription.UseSharedWakeUps"/>).</remarks>
internal sealed class WakeUpBatch
{
    /// <summary>Below this many readers per item, splitting costs more than it spreads.</summary>
    private const int MinReadersPerItem = 32;

    private readonly List<ParkedReader> _woken = [];

    /// <summary>Adds a reader whose wake-up the caller claimed.</summary>
    public void Add(ParkedReader reader) => _woken.Add(reader);

    /// <summary>Hands the readers added since the last dispatch to the thread pool.</summary>
    public void Dispatch()
    {
        var count = _woken.Count;
        if (count == 0)
        {
            return;
        }

        if (count == 1)
        {
            _woken[0].WakeOnThreadPool();
            _woken.Clear();
            return;
        }

        var items = Math.Clamp(count / MinReadersPerItem, 1, Environment.ProcessorCount);
        var perItem = (count + items - 1) / items;
        for (var start = 0; start < count; start += perItem)
        {
            var readers = _woken.GetRange(start, Math.Min(perItem, count - start)).ToArray();
            ThreadPool.UnsafeQueueUserWorkItem(static readers => WakeAll(readers), readers, preferLocal: false);
        }

        _woken.Clear();
    }

    private static void WakeAll(ParkedReader[] readers)
    {
        foreach (var reader in readers)
        {
            try
            {
                reader.Wake();
            }
            catch (InvalidOperationException)
            {
                // Only a reader that broke the one-wait-at-a-time rule (its abandoned wait was completed twice) gets
                // here; its own next wait reports that. The readers after it must still be woken.
            }
        }
    }
}
