using Nod.Model;

namespace Nod.Engine;

/// <summary>
/// What the log says is on — agents online, bubbles on — kept on the stored records, so that a start-up after an unclean
/// stop knows what to log off (presence and bubbles themselves live in memory).
/// </summary>
internal sealed partial class CommandContext
{
    /// <summary>The conversation as this command last wrote it, or as the state has it.</summary>
    private ConversationRecord? FindConversation(string conversationId)
    {
        for (var i = Changes.Conversations.Count - 1; i >= 0; i--)
        {
            if (Changes.Conversations[i].Id == conversationId)
            {
                return Changes.Conversations[i];
            }
        }

        return State.Conversations.GetValueOrDefault(conversationId);
    }

    /// <summary>
    /// Once the command ran: an agent it took online or offline, and a bubble it turned on or off, get their flag in the same
    /// commit that logs the change. Run last, so no later write of the record in the command can undo the flag.
    /// </summary>
    /// <remarks>
    /// Only a change of the flag writes. A heartbeat that renews a bubble, a second connection or the close of one that is
    /// not the last write nothing (as before); going online or offline and a message that ends a bubble write a record they
    /// already write (the set keeps one write per record); only turning a bubble on or off without a message adds the
    /// conversation to a commit that already logs the change.
    /// </remarks>
    public void CarryLoggedState()
    {
        foreach (var (agentId, _) in Changes.ConnectionChanges)
        {
            // A deleted agent's records go with it: a put would bring the agent back.
            if (Changes.DeletedAgents.Contains(agentId) || FindAgent(agentId) is not { } agent)
            {
                continue;
            }

            var online = IsOnline(agentId);
            if (agent.LoggedOnline != online)
            {
                PutAgent(agent with { LoggedOnline = online });
            }
        }

        foreach (var (agentId, conversationId, _) in Changes.IndicatorChanges)
        {
            if (Changes.DeletedAgents.Contains(agentId) || FindConversation(conversationId) is not { } conversation)
            {
                continue;
            }

            var on = FindIndicator(agentId, conversationId) is not null;
            if (conversation.LoggedProcessing != on)
            {
                Changes.PutConversation(conversation with { LoggedProcessing = on });
            }
        }
    }
}
