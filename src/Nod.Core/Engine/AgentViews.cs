using Nod.Model;

namespace Nod.Engine;

/// <summary>Builds the public views (PROTOCOL §7 shapes) from stored records and live state.</summary>
internal static class AgentViews
{
    public static Agent From(AgentRecord agent, EngineState state, LastSeenTracker lastSeen)
    {
        var seen = lastSeen.Get(agent.Id);
        return new Agent
        {
            Id = agent.Id,
            Name = agent.Name,
            Description = agent.Description,
            Type = agent.Type,
            WebhookUrl = agent.WebhookUrl,
            OwnerId = agent.OwnerId,
            SharedWith = agent.SharedWith,
            Online = state.IsOnline(agent.Id),
            LastSeenAt = seen is { } s && (agent.LastSeenAt is null || s > agent.LastSeenAt) ? s : agent.LastSeenAt,
            PendingDecisions = state.PendingCounts.GetValueOrDefault(agent.Id),
            DefaultConversationId = agent.DefaultConversationId,
            CreatedAt = agent.CreatedAt,
        };
    }

    public static Conversation From(ConversationRecord conversation, EngineState state)
    {
        var indicator = state.Indicators.GetValueOrDefault((conversation.AgentId, conversation.Id));
        return new Conversation
        {
            Id = conversation.Id,
            AgentId = conversation.AgentId,
            Title = conversation.Title,
            CreatedAt = conversation.CreatedAt,
            LastMessageAt = conversation.LastMessageAt,
            Processing = indicator is null ? ProcessingState.Off : new ProcessingState(true, indicator.StatusText, indicator.Since),
        };
    }
}
