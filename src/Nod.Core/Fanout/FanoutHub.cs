using System.Collections.Concurrent;
using Nod.Storage;

namespace Nod.Fanout;

/// <summary>
/// Delivers committed events to subscribers: agent subscriptions by agent id, app subscriptions by the agents their
/// user can see. Publishing never blocks and never allocates per delivery: each subscriber gets the same
/// <see cref="NodEvent"/> (serialized once) in its own bounded buffer.
/// </summary>
internal sealed class FanoutHub
{
    private readonly IEventLog _log;
    private readonly int _bufferSize;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodSubscription>> _appByUser = new(StringComparer.Ordinal);
    private readonly WakeUpBatch _wakeUps = new();

    /// <summary>The thread that holds wake-ups back while it publishes a commit (0: none).</summary>
    private int _holdingThread;
    private long _lastPublishedSeq;
    private bool _completed;

    public FanoutHub(IEventLog log, int bufferSize)
    {
        _log = log;
        _bufferSize = bufferSize;
    }

    /// <summary>The <c>seq</c> of the last event every subscriber was offered.</summary>
    public long LastPublishedSeq => Volatile.Read(ref _lastPublishedSeq);

    /// <summary>Sets the starting position once the store is open (before anything is published).</summary>
    public void Start(long head) => Volatile.Write(ref _lastPublishedSeq, head);

    /// <summary>Offers a committed event to every subscriber of its agent and audience. Call in <c>seq</c> order from one thread.</summary>
    public void Publish(NodEvent nodEvent)
    {
        if (_topics.TryGetValue(nodEvent.AgentId, out var topic))
        {
            var subscribers = nodEvent.Audience == EventAudience.Agent ? topic.AgentSubscribers : topic.AppSubscribers;
            foreach (var subscriber in subscribers)
            {
                if (subscriber.Offer(nodEvent) is { } parked)
                {
                    _wakeUps.Add(parked);
                }
            }
        }

        // Only now: a subscriber that starts after reading this position missed nothing above it.
        Volatile.Write(ref _lastPublishedSeq, nodEvent.Seq);
        DispatchWakeUps();
    }

    /// <summary>
    /// From the publishing thread, before the events of one commit: parked readers they reach are woken only at
    /// <see cref="ReleaseWakeUps"/>, so a reader with shared wake-ups resumes once, with all of them (one agent message
    /// is several app events).
    /// </summary>
    public void HoldWakeUps() => _holdingThread = Environment.CurrentManagedThreadId;

    /// <summary>From the publishing thread, after the events of one commit: wakes the readers they reached.</summary>
    public void ReleaseWakeUps()
    {
        _holdingThread = 0;
        _wakeUps.Dispatch();
    }

    /// <summary>
    /// An event was committed but never reached this host's subscribers (the publisher failed): its agent's
    /// subscribers of its audience read the store before their channel again, so they miss nothing.
    /// </summary>
    public void PublishFailed(NodEvent nodEvent)
    {
        if (_topics.TryGetValue(nodEvent.AgentId, out var topic))
        {
            var subscribers = nodEvent.Audience == EventAudience.Agent ? topic.AgentSubscribers : topic.AppSubscribers;
            foreach (var subscriber in subscribers)
            {
                if (subscriber.MustCatchUp() is { } parked)
                {
                    _wakeUps.Add(parked);
                }
            }

            DispatchWakeUps();
        }

        if (nodEvent.Seq > LastPublishedSeq)
        {
            Volatile.Write(ref _lastPublishedSeq, nodEvent.Seq);
        }
    }

    /// <summary>
    /// Subscribes to one agent's own events after <paramref name="after"/> (or from now). Safe from any thread: the
    /// subscription first catches up from the store, so nothing committed in between is missed.
    /// </summary>
    public NodSubscription SubscribeAgent(string agentId, long? after)
    {
        var published = LastPublishedSeq;
        var start = after ?? published;
        var subscription = new NodSubscription(
            _log, EventAudience.Agent, [agentId], _bufferSize, start, catchUpFirst: true, userId: null, startIfBeyondLog: start > published ? published : null, Unsubscribe);
        lock (_gate)
        {
            var topic = _topics.GetOrAdd(agentId, static _ => new Topic());
            topic.AgentSubscribers = [.. topic.AgentSubscribers, subscription];
            if (_completed)
            {
                subscription.Complete();
            }
        }

        return subscription;
    }

    /// <summary>
    /// Subscribes a user to the app events of <paramref name="agentIds"/> (and of agents shared with them later).
    /// Called on the engine loop, between publications, so <paramref name="start"/> is exact: with
    /// <paramref name="replay"/> the subscription first reads the store after <paramref name="start"/>.
    /// </summary>
    public NodSubscription SubscribeApp(string userId, IReadOnlyCollection<string> agentIds, long start, bool replay)
    {
        var subscription = new NodSubscription(_log, EventAudience.App, agentIds, _bufferSize, start, catchUpFirst: replay, userId, startIfBeyondLog: null, Unsubscribe);
        lock (_gate)
        {
            foreach (var agentId in agentIds)
            {
                var topic = _topics.GetOrAdd(agentId, static _ => new Topic());
                topic.AppSubscribers = [.. topic.AppSubscribers, subscription];
            }

            if (!_appByUser.TryGetValue(userId, out var list))
            {
                _appByUser[userId] = list = [];
            }

            list.Add(subscription);
            if (_completed)
            {
                subscription.Complete();
            }
        }

        return subscription;
    }

    private void DispatchWakeUps()
    {
        // Only the holding thread's own publications wait for its release: nothing offered elsewhere can be left behind.
        if (_holdingThread != Environment.CurrentManagedThreadId)
        {
            _wakeUps.Dispatch();
        }
    }

    /// <summary>The user can now see the agent: their open app subscriptions start receiving its events.</summary>
    public void Grant(string userId, string agentId)
    {
        lock (_gate)
        {
            if (!_appByUser.TryGetValue(userId, out var list))
            {
                return;
            }

            var topic = _topics.GetOrAdd(agentId, static _ => new Topic());
            foreach (var subscription in list)
            {
                if (!topic.AppSubscribers.Contains(subscription))
                {
                    subscription.AddAgent(agentId);
                    topic.AppSubscribers = [.. topic.AppSubscribers, subscription];
                }
            }
        }
    }

    /// <summary>The user can no longer see the agent: their app subscriptions stop receiving its events.</summary>
    public void Revoke(string userId, string agentId)
    {
        lock (_gate)
        {
            if (!_appByUser.TryGetValue(userId, out var list) || !_topics.TryGetValue(agentId, out var topic))
            {
                return;
            }

            foreach (var subscription in list)
            {
                subscription.RemoveAgent(agentId, LastPublishedSeq);
            }

            topic.AppSubscribers = [.. topic.AppSubscribers.Where(s => !list.Contains(s))];
        }
    }

    /// <summary>How many app subscriptions the user has open (diagnostics and tests).</summary>
    public int AppSubscriptionCount(string userId)
    {
        lock (_gate)
        {
            return _appByUser.TryGetValue(userId, out var list) ? list.Count : 0;
        }
    }

    /// <summary>Nod is stopping: every subscription ends (readers see the end after what is buffered), and so will new ones.</summary>
    public void CompleteAll()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var topic in _topics.Values)
            {
                foreach (var subscription in topic.AgentSubscribers.Concat(topic.AppSubscribers))
                {
                    subscription.Complete();
                }
            }

            foreach (var subscription in _appByUser.Values.SelectMany(list => list))
            {
                subscription.Complete();
            }
        }
    }

    /// <summary>The agent was deleted: its agent subscriptions end, app subscriptions forget it.</summary>
    public void RemoveAgent(string agentId)
    {
        lock (_gate)
        {
            if (!_topics.TryRemove(agentId, out var topic))
            {
                return;
            }

            foreach (var subscription in topic.AgentSubscribers)
            {
                subscription.Complete();
            }

            foreach (var subscription in topic.AppSubscribers)
            {
                subscription.RemoveAgent(agentId, LastPublishedSeq);
            }
        }
    }

    private void Unsubscribe(NodSubscription subscription)
    {
        lock (_gate)
        {
            foreach (var agentId in subscription.AgentIds)
            {
                if (!_topics.TryGetValue(agentId, out var topic))
                {
                    continue;
                }

                if (subscription.Audience == EventAudience.Agent)
                {
                    topic.AgentSubscribers = [.. topic.AgentSubscribers.Where(s => s != subscription)];
                }
                else
                {
                    topic.AppSubscribers = [.. topic.AppSubscribers.Where(s => s != subscription)];
                }
            }

            if (subscription.UserId is { } userId && _appByUser.TryGetValue(userId, out var list))
            {
                list.Remove(subscription);
                if (list.Count == 0)
                {
                    _appByUser.Remove(userId);
                }
            }
        }
    }

    /// <summary>One agent's subscribers; arrays are replaced, never mutated, so publishing reads them without a lock.</summary>
    private sealed class Topic
    {
        private NodSubscription[] _agentSubscribers = [];
        private NodSubscription[] _appSubscribers = [];

        public NodSubscription[] AgentSubscribers
        {
            get => Volatile.Read(ref _agentSubscribers);
            set => Volatile.Write(ref _agentSubscribers, value);
        }

        public NodSubscription[] AppSubscribers
        {
            get => Volatile.Read(ref _appSubscribers);
            set => Volatile.Write(ref _appSubscribers, value);
        }
    }
}
