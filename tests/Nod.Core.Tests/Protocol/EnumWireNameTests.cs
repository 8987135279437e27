using Nod.Model;
using Nod.Protocol;
using static Nod.Core.Tests.Protocol.ProtocolTestData;
using static Nod.Core.Tests.Protocol.WireSamples;

namespace Nod.Core.Tests.Protocol;

/// <summary>Every enum value is written as its PROTOCOL wire name, wherever it appears.</summary>
public sealed class EnumWireNameTests
{
    [Theory]
    [InlineData(AgentType.Interactive, "interactive")]
    [InlineData(AgentType.ApprovalOnly, "approval_only")]
    public void Serialize_AgentType_WireName(AgentType value, string wire)
    {
        Assert.Equal(wire, Serialize(BareAgent(value)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(DecisionKind.Approval, "approval")]
    [InlineData(DecisionKind.Choice, "choice")]
    [InlineData(DecisionKind.Question, "question")]
    [InlineData(DecisionKind.Permission, "permission")]
    public void Serialize_DecisionKind_WireName(DecisionKind value, string wire)
    {
        Assert.Equal(wire, Serialize(BareDecision(kind: value)).GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData(DecisionStatus.Pending, "pending")]
    [InlineData(DecisionStatus.Approved, "approved")]
    [InlineData(DecisionStatus.Rejected, "rejected")]
    [InlineData(DecisionStatus.Responded, "responded")]
    [InlineData(DecisionStatus.Dismissed, "dismissed")]
    [InlineData(DecisionStatus.Expired, "expired")]
    [InlineData(DecisionStatus.Cancelled, "cancelled")]
    public void Serialize_DecisionStatus_WireName(DecisionStatus value, string wire)
    {
        Assert.Equal(wire, Serialize(BareDecision(value)).GetProperty("status").GetString());
        Assert.Equal(wire, Serialize(new DecisionUpdatedFrame { Decision = BareDecision(value) }).GetProperty("decision").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(ActivityType.DecisionCreated, "decision_created")]
    [InlineData(ActivityType.DecisionResolved, "decision_resolved")]
    [InlineData(ActivityType.AgentMessage, "agent_message")]
    [InlineData(ActivityType.AgentAction, "agent_action")]
    [InlineData(ActivityType.System, "system")]
    public void Serialize_ActivityType_WireName(ActivityType value, string wire)
    {
        Assert.Equal(wire, Serialize(BareActivity(value)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(IndicatorReason.Stopped, "stopped")]
    [InlineData(IndicatorReason.Timeout, "timeout")]
    [InlineData(IndicatorReason.Message, "message")]
    [InlineData(IndicatorReason.Disconnected, "disconnected")]
    public void Serialize_IndicatorReason_WireName(IndicatorReason value, string wire)
    {
        Assert.Equal(wire, Serialize(new IndicatorChangedFrame { AgentId = "a", ConversationId = "c", Reason = value }).GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(MessageSender.Agent, "agent")]
    [InlineData(MessageSender.User, "user")]
    public void Serialize_MessageSender_WireName(MessageSender value, string wire)
    {
        Assert.Equal(wire, Serialize(BareMessage(value)).GetProperty("sender").GetString());
    }

    [Theory]
    [InlineData(RuleEffect.Allow, "allow")]
    [InlineData(RuleEffect.Deny, "deny")]
    public void Serialize_RuleEffect_WireName(RuleEffect value, string wire)
    {
        Assert.Equal(wire, Serialize(BareRule(value)).GetProperty("effect").GetString());
    }

    [Fact]
    public void EveryEnumValue_IsCoveredAbove()
    {
        // When a value is added, its wire name must be added to the table above.
        Assert.Equal(2, Enum.GetValues<AgentType>().Length);
        Assert.Equal(4, Enum.GetValues<DecisionKind>().Length);
        Assert.Equal(7, Enum.GetValues<DecisionStatus>().Length);
        Assert.Equal(5, Enum.GetValues<ActivityType>().Length);
        Assert.Equal(4, Enum.GetValues<IndicatorReason>().Length);
        Assert.Equal(2, Enum.GetValues<MessageSender>().Length);
        Assert.Equal(2, Enum.GetValues<RuleEffect>().Length);
    }
}
