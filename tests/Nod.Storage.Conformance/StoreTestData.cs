using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>
/// Builds records and change sets for store tests. Ids are unique within one instance and every timestamp is UTC with
/// whole milliseconds (what the engine writes), strictly increasing, so "oldest first" orders are unambiguous.
/// Every id handed out is remembered, so a test can read back everything it ever wrote (including deleted things).
/// </summary>
/// <remarks>"Full" builders set every property to a non-default value; "minimal" builders leave every optional one null.</remarks>
public sealed class StoreTestData
{
    private readonly Lock _gate = new();
    private readonly List<string> _agentIds = [];
    private readonly List<string> _conversationIds = [];
    private readonly List<string> _messageIds = [];
    private readonly List<string> _decisionIds = [];
    private readonly List<string> _ruleIds = [];
    private long _nextId;
    private DateTimeOffset _clock = new(2026, 1, 5, 9, 30, 0, 123, TimeSpan.Zero);

    /// <summary>Every agent id handed out, in order.</summary>
    public IReadOnlyList<string> AgentIds => Copy(_agentIds);

    /// <summary>Every conversation id handed out, in order.</summary>
    public IReadOnlyList<string> ConversationIds => Copy(_conversationIds);

    /// <summary>Every message id handed out, in order.</summary>
    public IReadOnlyList<string> MessageIds => Copy(_messageIds);

    /// <summary>Every decision id handed out, in order.</summary>
    public IReadOnlyList<string> DecisionIds => Copy(_decisionIds);

    /// <summary>Every rule id handed out, in order.</summary>
    public IReadOnlyList<string> RuleIds => Copy(_ruleIds);

    /// <summary>The next timestamp: UTC, whole milliseconds, later than every earlier one.</summary>
    public DateTimeOffset Now()
    {
        lock (_gate)
        {
            _clock = _clock.AddMilliseconds(1_237);
            return _clock;
        }
    }

    /// <summary>A new id, <paramref name="prefix"/> + <c>_</c> + 16 hex (the shape Nod ids have).</summary>
    public string NewId(string prefix) => $"{prefix}_{Interlocked.Increment(ref _nextId):x16}";

    /// <summary>An agent with every property set.</summary>
    public AgentRecord Agent(string? id = null)
    {
        var agentId = id ?? Remember(_agentIds, NewId("agt"));
        return new AgentRecord
        {
            Id = agentId,
            Name = "Deploy bot \u00e9\u4e2d\ud83d\ude80 \"quoted\"",
            Description = "Ships builds.\nSecond line with \\ backslash.",
            Type = AgentType.ApprovalOnly,
            WebhookUrl = "https://hooks.example.com/nod?agent=" + agentId,
            OwnerId = "usr_owner",
            SharedWith = ["usr_bob", "usr_carol"],
            SecretHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            WebhookSecret = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMw==",
            DefaultConversationId = "conv_" + agentId,
            CreatedAt = Now(),
            LastSeenAt = Now(),
            LoggedOnline = true,
        };
    }

    /// <summary>An agent with every optional property null (and no one shared with).</summary>
    public AgentRecord MinimalAgent(string? id = null) => new()
    {
        Id = id ?? Remember(_agentIds, NewId("agt")),
        Name = "minimal",
        OwnerId = "usr_owner",
        SecretHash = "00",
        WebhookSecret = "whsec_AA==",
        CreatedAt = Now(),
    };

    /// <summary>A conversation with every property set.</summary>
    public ConversationRecord Conversation(string agentId) => new()
    {
        Id = Remember(_conversationIds, NewId("conv")),
        AgentId = agentId,
        Title = "Release \u00e9 \ud83d\udcac",
        CreatedAt = Now(),
        LastMessageAt = Now(),
        LoggedProcessing = true,
    };

    /// <summary>A conversation with every optional property null.</summary>
    public ConversationRecord MinimalConversation(string agentId) => new()
    {
        Id = Remember(_conversationIds, NewId("conv")),
        AgentId = agentId,
        CreatedAt = Now(),
    };

    /// <summary>A user-authored message with every property set (its <c>seq</c> comes from the store).</summary>
    public Message Message(ConversationRecord conversation) => new()
    {
        Id = Remember(_messageIds, NewId("msg")),
        ConversationId = conversation.Id,
        AgentId = conversation.AgentId,
        Sender = MessageSender.User,
        SenderId = "usr_bob",
        SenderName = "Bob \u00e9",
        Text = "**Ship it?** \ud83d\ude80\nline two",
        ImageUrl = "https://img.example.com/1.png",
        ImageUrls = ["https://img.example.com/1.png", "data:image/png;base64,iVBORw0KGgo="],
        AudioUrl = "https://audio.example.com/1.ogg",
        ReplyToId = "msg_0000000000000001",
        ReplyToText = "earlier",
        ReportTitle = "Report",
        ReportDescription = "Report body",
        TaskRunId = "run_0000000000000001",
        CreatedAt = Now(),
    };

    /// <summary>An agent message with every optional property null.</summary>
    public Message MinimalMessage(ConversationRecord conversation, string? text = null) => new()
    {
        Id = Remember(_messageIds, NewId("msg")),
        ConversationId = conversation.Id,
        AgentId = conversation.AgentId,
        SenderName = "bot",
        Text = text,
        CreatedAt = Now(),
    };

    /// <summary>
    /// A pending permission request with every property set except the resolution ones (which only a resolution sets:
    /// see <see cref="Resolved"/>). <c>Seq</c> and <c>Version</c> come from the store.
    /// </summary>
    public Decision Decision(string agentId, string? conversationId) => new()
    {
        Id = Remember(_decisionIds, NewId("dec")),
        AgentId = agentId,
        ConversationId = conversationId,
        TaskRunId = "run_0000000000000002",
        Kind = DecisionKind.Permission,
        Title = "Run npm install? \u00e9",
        Description = "Installs **stripe**.\n\u4e2d\u6587",
        Options = ["a", "b", "c"],
        AllowsAlways = true,
        AlwaysAllowLabel = "Always allow npm",
        AlwaysAllowOptions = [new AlwaysAllowOption("Bash(npm *)", "npm anything"), new AlwaysAllowOption("Bash(npm install *)", "npm install")],
        Permission = "Bash(npm install stripe)",
        ExpiresAt = Now().AddMinutes(10),
        CreatedAt = Now(),
        TaskProposal = new TaskProposal
        {
            Name = "Nightly",
            Prompt = "Run the nightly job",
            Schedule = "0 3 * * *",
            RunAt = Now(),
            Timezone = "Europe/Paris",
        },
    };

    /// <summary>A pending question with every optional property null.</summary>
    public Decision MinimalDecision(string agentId, string? conversationId = null) => new()
    {
        Id = Remember(_decisionIds, NewId("dec")),
        AgentId = agentId,
        ConversationId = conversationId,
        Kind = DecisionKind.Question,
        Title = "Question",
        Description = "What now?",
        CreatedAt = Now(),
    };

    /// <summary><paramref name="decision"/> resolved, with every resolution property set.</summary>
    public Decision Resolved(Decision decision, DecisionStatus status = DecisionStatus.Approved) => decision with
    {
        Status = status,
        Note = "go ahead \u00e9",
        AlwaysAllow = true,
        AlwaysAllowPattern = "Bash(npm *)",
        ResolvedBy = "Alice",
        ResolvedByUserId = "usr_alice",
        ResolvedAt = Now(),
    };

    /// <summary>A rule with every property set.</summary>
    public Rule Rule(string agentId, RuleEffect effect = RuleEffect.Deny) => new()
    {
        Id = Remember(_ruleIds, NewId("rul")),
        AgentId = agentId,
        Pattern = "Bash(rm *)",
        Effect = effect,
        CreatedBy = "usr_alice",
        CreatedAt = Now(),
    };

    /// <summary>An activity entry with every property set (its <c>seq</c> comes from the store).</summary>
    public ActivityEntry Activity(string agentId) => new()
    {
        Id = NewId("act"),
        AgentId = agentId,
        Type = ActivityType.System,
        Title = "Connected \u00e9",
        Text = "via WebSocket\nsecond line",
        TaskRunId = "run_0000000000000003",
        DecisionId = "dec_0000000000000003",
        MessageId = "msg_0000000000000003",
        CreatedAt = Now(),
    };

    /// <summary>An activity entry with every optional property null.</summary>
    public ActivityEntry MinimalActivity(string agentId) => new()
    {
        Id = NewId("act"),
        AgentId = agentId,
        Title = "minimal",
        CreatedAt = Now(),
    };

    /// <summary>A <c>user_message</c> agent frame (agent audience) for <paramref name="conversationId"/>.</summary>
    public UserMessageFrame UserMessage(string conversationId, string? eventId = null) => new()
    {
        EventId = eventId ?? string.Empty,
        MessageId = NewId("msg"),
        ConversationId = conversationId,
        Text = "hello \u00e9 \ud83d\ude80",
        SenderName = "Bob",
        ImageUrls = ["https://img.example.com/2.png"],
        ImageUrl = "https://img.example.com/2.png",
    };

    private static IReadOnlyList<string> Copy(List<string> ids)
    {
        lock (ids)
        {
            return [.. ids];
        }
    }

    private static string Remember(List<string> ids, string id)
    {
        lock (ids)
        {
            ids.Add(id);
        }

        return id;
    }
}

/// <summary>Builds change sets the way the engine does.</summary>
public static class ChangeSets
{
    /// <summary>A change set filled by <paramref name="fill"/>.</summary>
    public static ChangeSet New(Action<ChangeSet> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        var set = new ChangeSet();
        fill(set);
        return set;
    }

    /// <summary>A new decision and the <c>decision_created</c> event that announces it (and gives it its <c>seq</c>).</summary>
    public static ChangeSet CreateDecision(this ChangeSet set, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(decision);
        set.AppendEvent(new DecisionCreatedFrame { Decision = decision }, decision.AgentId, decision.CreatedAt);
        set.PutDecision(decision, 0);
        return set;
    }

    /// <summary>
    /// A resolution written on top of <paramref name="expectedVersion"/>, with the agent's <c>decision_resolved</c> and the
    /// apps' <c>decision_resolved</c> events.
    /// </summary>
    public static ChangeSet ResolveDecision(this ChangeSet set, Decision resolved, int expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(resolved);
        var at = resolved.ResolvedAt ?? resolved.CreatedAt;
        set.PutDecision(resolved, expectedVersion);
        set.AppendEvent(DecisionResolvedFrame.From(resolved), resolved.AgentId, at);
        set.AppendEvent(new DecisionUpdatedFrame { Decision = resolved }, resolved.AgentId, at);
        return set;
    }

    /// <summary>An app-audience <c>agent_status</c> event.</summary>
    public static ChangeSet AppendStatus(this ChangeSet set, string agentId, bool online, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(set);
        set.AppendEvent(new AgentStatusFrame { AgentId = agentId, Online = online }, agentId, at);
        return set;
    }

    /// <summary>The app-audience <c>agent_removed</c> event the engine appends with an agent deletion.</summary>
    public static ChangeSet AppendRemoved(this ChangeSet set, string agentId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(set);
        set.AppendEvent(new AgentRemovedFrame { AgentId = agentId }, agentId, at);
        return set;
    }
}
