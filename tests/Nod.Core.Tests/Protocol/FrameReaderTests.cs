using Nod.Model;
using Nod.Protocol;
using Nod.Storage;
using static Nod.Core.Tests.Protocol.WireSamples;

namespace Nod.Core.Tests.Protocol;

/// <summary>
/// A logged frame reads back as the same frame (in-process readers catching up from the store see what live readers
/// saw).
/// </summary>
public sealed class FrameReaderTests
{
    private static readonly Dictionary<string, (EventAudience Audience, Func<NodFrame> Build)> Frames = new()
    {
        ["user_message"] = (EventAudience.Agent, () => Logged(UserMessageFrame.From(FullMessage()), 3)),
        ["decision_resolved (agent)"] = (EventAudience.Agent, () => Logged(DecisionResolvedFrame.From(ResolvedPermission()), 4)),
        ["message_created"] = (EventAudience.App, () => new MessageCreatedFrame { Seq = 5, Message = FullMessage() }),
        ["decision_created"] = (EventAudience.App, () => new DecisionCreatedFrame { Seq = 6, Decision = ResolvedPermission() }),
        ["decision_resolved (app)"] = (EventAudience.App, () => new DecisionUpdatedFrame { Seq = 7, Decision = ResolvedPermission() }),
        ["activity_created"] = (EventAudience.App, () => new ActivityCreatedFrame { Seq = 8, Activity = BareActivity(ActivityType.AgentAction) }),
        ["indicator_changed"] = (EventAudience.App, () => new IndicatorChangedFrame { Seq = 9, AgentId = "a", ConversationId = "c", Reason = IndicatorReason.Timeout }),
        ["agent_status"] = (EventAudience.App, () => new AgentStatusFrame { Seq = 10, AgentId = "a", Online = true }),
        ["agent_updated"] = (EventAudience.App, () => new AgentUpdatedFrame { Seq = 11, Agent = BareAgent(AgentType.ApprovalOnly) with { SharedWith = ["usr_bob"] } }),
        ["agent_removed"] = (EventAudience.App, () => new AgentRemovedFrame { Seq = 12, AgentId = "a", UserId = "usr_bob" }),
    };

    public static TheoryData<string> FrameNames() => [.. Frames.Keys];

    [Theory]
    [MemberData(nameof(FrameNames))]
    public void Read_WrittenFrame_IsTheSameFrame(string name)
    {
        var (audience, build) = Frames[name];
        var frame = build();
        var payload = FrameReader.Write(frame);

        var read = FrameReader.Read(audience, frame.Type, payload);

        Assert.IsType(frame.GetType(), read);
        Assert.Equal(payload, FrameReader.Write(read));
    }

    [Fact]
    public void Read_TypeOfTheOtherAudience_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => FrameReader.Read(EventAudience.App, "user_message", "{}"u8));
    }

    private static AgentFrame Logged(AgentFrame frame, long seq) => frame with { Seq = seq, EventId = "evt_0123456789abcdef" };
}
