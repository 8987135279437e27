using Nod.Model;
using Nod.Storage;

namespace Nod.Core.Tests.Storage;

/// <summary>A record put twice in one change set is written once, as last put (a command's flags follow what it did last).</summary>
public sealed class ChangeSetPutTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void PutAgent_SameAgentTwice_KeepsTheLastPutOnce_OthersInOrder()
    {
        var changes = new ChangeSet();
        var agent = Agent("agt_0000000000000001");
        var other = Agent("agt_0000000000000002");

        changes.PutAgent(agent);
        changes.PutAgent(other);
        changes.PutAgent(agent with { LastSeenAt = At, LoggedOnline = true });

        Assert.Equal([agent with { LastSeenAt = At, LoggedOnline = true }, other], changes.Agents);
    }

    [Fact]
    public void PutConversation_SameConversationTwice_KeepsTheLastPutOnce()
    {
        var changes = new ChangeSet();
        var conversation = new ConversationRecord { Id = "conv_0000000000000001", AgentId = "agt_0000000000000001", CreatedAt = At };

        changes.PutConversation(conversation with { LastMessageAt = At });
        changes.PutConversation(conversation with { LastMessageAt = At, LoggedProcessing = true });

        Assert.Equal([conversation with { LastMessageAt = At, LoggedProcessing = true }], changes.Conversations);
    }

    private static AgentRecord Agent(string id) => new()
    {
        Id = id,
        Name = "Helper",
        OwnerId = "alice",
        SecretHash = "00",
        WebhookSecret = "whsec_AA==",
        CreatedAt = At,
    };
}
