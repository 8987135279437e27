using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Protocol;

/// <summary>Model objects and frames with known values, for the serialization tests.</summary>
internal static class WireSamples
{
    /// <summary>2026-01-05T09:30:00Z.</summary>
    public static readonly DateTimeOffset At = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    /// <summary>A decision with every optional field empty, and the not-on-the-wire fields set.</summary>
    public static Decision BareDecision(DecisionStatus status = DecisionStatus.Pending, DecisionKind kind = DecisionKind.Approval) => new()
    {
        Id = "dec_0123456789abcdef",
        AgentId = ProtocolTestData.AgentId,
        Kind = kind,
        Title = "Deploy?",
        Description = "v2",
        Status = status,
        CreatedAt = At,
        ResolvedByUserId = "usr_alice",
        Seq = 42,
        Version = 3,
        TaskProposal = new TaskProposal { Name = "n", Prompt = "p", Schedule = "event" },
    };

    public static Decision ResolvedPermission() => BareDecision(DecisionStatus.Approved, DecisionKind.Permission) with
    {
        ConversationId = ProtocolTestData.ConversationId,
        TaskRunId = ProtocolTestData.RunId,
        Options = ["a", "b"],
        AllowsAlways = true,
        AlwaysAllowLabel = "Always",
        AlwaysAllowOptions = [new AlwaysAllowOption("Bash(npm *)", "Any npm")],
        Permission = "Bash(npm install stripe)",
        Note = "ok",
        AlwaysAllow = true,
        AlwaysAllowPattern = "Bash(npm *)",
        ResolvedBy = "Alice",
        ResolvedAt = At.AddMinutes(5),
        ExpiresAt = At.AddHours(1),
    };

    /// <summary>A user message with every optional field empty, and <see cref="Message.SenderId"/> set.</summary>
    public static Message BareMessage(MessageSender sender = MessageSender.User) => new()
    {
        Id = "msg_0123456789abcdef",
        Seq = 7,
        ConversationId = ProtocolTestData.ConversationId,
        AgentId = ProtocolTestData.AgentId,
        Sender = sender,
        SenderId = "usr_alice",
        SenderName = "Alice",
        CreatedAt = At,
    };

    public static Message FullMessage() => BareMessage() with
    {
        Text = "Look",
        ImageUrl = "https://example.com/a.png",
        ImageUrls = ["https://example.com/a.png", "https://example.com/b.png"],
        AudioUrl = "https://example.com/a.ogg",
        ReplyToId = "msg_fedcba9876543210",
        ReplyToText = "earlier",
        ReportTitle = "Report",
        ReportDescription = "All green",
        TaskRunId = ProtocolTestData.RunId,
    };

    public static Agent BareAgent(AgentType type = AgentType.Interactive) => new()
    {
        Id = ProtocolTestData.AgentId,
        Name = "Deployer",
        Type = type,
        OwnerId = "usr_alice",
        CreatedAt = At,
    };

    public static ActivityEntry BareActivity(ActivityType type = ActivityType.System) => new()
    {
        Id = "act_0123456789abcdef",
        Seq = 9,
        AgentId = ProtocolTestData.AgentId,
        Type = type,
        Title = "started",
        CreatedAt = At,
    };

    public static Rule BareRule(RuleEffect effect = RuleEffect.Allow) => new()
    {
        Id = "rul_0123456789abcdef",
        AgentId = ProtocolTestData.AgentId,
        Pattern = "Bash(npm *)",
        Effect = effect,
        CreatedBy = "usr_alice",
        CreatedAt = At,
    };

    public static Conversation BareConversation() => new()
    {
        Id = ProtocolTestData.ConversationId,
        AgentId = ProtocolTestData.AgentId,
        CreatedAt = At,
        Processing = ProcessingState.Off,
    };
}
