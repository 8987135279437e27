using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine;

/// <summary>Processing indicators: every change is recorded as runtime state and announced as <c>indicator_changed</c>.</summary>
internal sealed partial class CommandContext
{
    /// <summary>The indicator as this command left it (or as the state has it), or <see langword="null"/> when off.</summary>
    public Indicator? FindIndicator(string agentId, string conversationId)
    {
        for (var i = Changes.IndicatorChanges.Count - 1; i >= 0; i--)
        {
            var change = Changes.IndicatorChanges[i];
            if (change.AgentId == agentId && change.ConversationId == conversationId)
            {
                return change.Indicator;
            }
        }

        return State.Indicators.GetValueOrDefault((agentId, conversationId));
    }

    /// <summary>Turns the indicator on or renews it; announces it only when it turned on or its text changed.</summary>
    public void SetIndicator(string agentId, string conversationId, string? statusText, TimeSpan lifetime)
    {
        var current = FindIndicator(agentId, conversationId);
        var next = new Indicator
        {
            AgentId = agentId,
            ConversationId = conversationId,
            StatusText = statusText,
            Since = current?.Since ?? Now,
            ExpiresAt = Now + lifetime,
        };
        Changes.IndicatorChanges.Add((agentId, conversationId, next));
        if (current is null || !string.Equals(current.StatusText, statusText, StringComparison.Ordinal))
        {
            Emit(new IndicatorChangedFrame { AgentId = agentId, ConversationId = conversationId, Active = true, StatusText = statusText }, agentId);
        }
    }

    /// <summary>Changes the text of an active indicator without renewing it (an alert while "Thinking…").</summary>
    public void SetIndicatorText(Indicator indicator, string statusText)
    {
        if (string.Equals(indicator.StatusText, statusText, StringComparison.Ordinal))
        {
            return;
        }

        Changes.IndicatorChanges.Add((indicator.AgentId, indicator.ConversationId, indicator with { StatusText = statusText }));
        Emit(new IndicatorChangedFrame
        {
            AgentId = indicator.AgentId,
            ConversationId = indicator.ConversationId,
            Active = true,
            StatusText = statusText,
        }, indicator.AgentId);
    }

    /// <summary>Turns the indicator off, if it is on, with the reason.</summary>
    public void ClearIndicator(string agentId, string conversationId, IndicatorReason reason)
    {
        if (FindIndicator(agentId, conversationId) is null)
        {
            return;
        }

        Changes.IndicatorChanges.Add((agentId, conversationId, null));
        Emit(new IndicatorChangedFrame { AgentId = agentId, ConversationId = conversationId, Active = false, Reason = reason }, agentId);
    }

    /// <summary>Every active indicator of the agent.</summary>
    public IEnumerable<Indicator> IndicatorsOf(string agentId)
    {
        var keys = State.Indicators.Keys.Where(k => k.AgentId == agentId)
            .Concat(Changes.IndicatorChanges.Where(c => c.AgentId == agentId).Select(c => (c.AgentId, c.ConversationId)))
            .Distinct()
            .ToList();
        foreach (var (agent, conversation) in keys)
        {
            if (FindIndicator(agent, conversation) is { } indicator)
            {
                yield return indicator;
            }
        }
    }
}
