namespace Nod.Storage;

/// <summary>Who an event in the log is for.</summary>
public enum EventAudience
{
    /// <summary>The agent itself (PROTOCOL §4): its WebSockets, webhooks and update log.</summary>
    Agent = 0,

    /// <summary>People who can see the agent (PROTOCOL §7): their live streams.</summary>
    App = 1,
}
