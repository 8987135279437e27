using System.Reflection;
using System.Runtime.CompilerServices;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage;
using static Nod.Core.Tests.Protocol.WireSamples;

namespace Nod.Core.Tests.Storage;

/// <summary>
/// A committed event's frame is handed to every in-process reader at once, so no one may be able to change it:
/// frames are immutable, and numbering or giving an event id makes a copy instead of changing the caller's frame.
/// </summary>
public sealed class ChangeSetFrameTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void EveryPublicFrameProperty_CanOnlyBeSetWhenTheFrameIsCreated()
    {
        var frameTypes = typeof(NodFrame).Assembly.GetExportedTypes().Where(t => t.IsAssignableTo(typeof(NodFrame))).ToList();
        Assert.True(frameTypes.Count > 10, "the frame types were not found");

        var settable = frameTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.SetMethod is { IsPublic: true } setter &&
                        !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}")
            .Distinct()
            .ToList();

        Assert.Empty(settable);
    }

    [Fact]
    public void Seal_NumbersCopies_TheAppendedFrameAndItsMessageKeepTheirSeq()
    {
        var message = FullMessage() with { Seq = 0 };
        var frame = new MessageCreatedFrame { Message = message };
        var changes = new ChangeSet();
        changes.AppendEvent(frame, message.AgentId, At);

        var first = Assert.Single(changes.Seal(5));

        var numbered = Assert.IsType<MessageCreatedFrame>(first.Frame);
        Assert.Equal(5, numbered.Seq);
        Assert.Equal(5, numbered.Message.Seq);
        Assert.Equal(5, Assert.Single(changes.Messages).Seq);
        Assert.Equal(0, frame.Seq);
        Assert.Equal(0, frame.Message.Seq);
    }

    [Fact]
    public void Seal_Again_RenumbersWithoutChangingTheEventsOfTheFirstSeal()
    {
        var changes = new ChangeSet();
        changes.AddActivity(BareActivity(ActivityType.AgentAction));
        var first = Assert.Single(changes.Seal(5));

        var second = Assert.Single(changes.Seal(9));

        Assert.Equal(5, first.Frame.Seq);
        Assert.Equal(5, Assert.IsType<ActivityCreatedFrame>(first.Frame).Activity.Seq);
        Assert.Equal(9, second.Frame.Seq);
        Assert.Equal(9, Assert.IsType<ActivityCreatedFrame>(second.Frame).Activity.Seq);
        Assert.Equal(9, Assert.Single(changes.Activity).Seq);
    }

    [Fact]
    public void Seal_NumbersDecisionAndAgentFrames_KeepingEveryOtherField()
    {
        var decision = BareDecision() with { Seq = 0 };
        var userMessage = UserMessageFrame.From(FullMessage()) with { EventId = "evt_00000000000000bb" };
        var changes = new ChangeSet();
        changes.AppendEvent(new DecisionCreatedFrame { Decision = decision }, decision.AgentId, At);
        changes.AppendEvent(userMessage, "agt_0123456789abcdef", At);

        var events = changes.Seal(7);

        var created = Assert.IsType<DecisionCreatedFrame>(events[0].Frame);
        Assert.Equal(7, created.Seq);
        Assert.Equal(decision with { Seq = 7 }, created.Decision);
        var numbered = Assert.IsType<UserMessageFrame>(events[1].Frame);
        Assert.Equal(userMessage with { Seq = 8 }, numbered);
        Assert.Equal(0, userMessage.Seq);
        Assert.Equal(0, decision.Seq);
    }

    [Fact]
    public void AppendEvent_AgentFrameWithoutAnEventId_GetsOneOnACopy_AndReturnsIt()
    {
        var frame = UserMessageFrame.From(FullMessage());
        Assert.Empty(frame.EventId);
        var changes = new ChangeSet();

        var eventId = changes.AppendEvent(frame, "agt_0123456789abcdef", At);

        Assert.StartsWith("evt_", eventId, StringComparison.Ordinal);
        Assert.Empty(frame.EventId);
        var pending = Assert.Single(changes.PendingEvents);
        Assert.Equal(eventId, pending.EventId);
        Assert.Equal(eventId, ((AgentFrame)pending.Frame).EventId);
        Assert.Equal(eventId, Assert.Single(changes.Seal(1)).EventId);
    }

    [Fact]
    public void AppendEvent_AgentFrameWithAnEventId_KeepsIt()
    {
        var frame = UserMessageFrame.From(FullMessage()) with { EventId = "evt_00000000000000aa" };
        var changes = new ChangeSet();

        Assert.Equal("evt_00000000000000aa", changes.AppendEvent(frame, "agt_0123456789abcdef", At));
        Assert.Same(frame, Assert.Single(changes.PendingEvents).Frame);
    }
}
