using System.Text.Json;
using Nod.Model;
using Nod.Protocol;
using static Nod.Core.Tests.Protocol.ProtocolTestData;
using static Nod.Core.Tests.Protocol.WireSamples;

namespace Nod.Core.Tests.Protocol;

/// <summary>
/// Outbound frames (PROTOCOL §3 replies, §4 agent events, §7 live stream): snake_case, <c>type</c> first, every field
/// present (null when empty) except the documented omissions.
/// </summary>
public sealed class FrameSerializationTests
{
    /// <summary>Each frame with every optional field empty, and the exact fields it must have on the wire.</summary>
    private static readonly Dictionary<string, (Func<JsonElement> Write, string[] Fields)> Frames = new()
    {
        ["user_message"] = (
            () => Serialize(new UserMessageFrame { Seq = 1, EventId = "evt_1", MessageId = "msg_1", ConversationId = "conv_1", SenderName = "Alice" }),
            ["type", "seq", "event_id", "message_id", "conversation_id", "text", "sender_name", "image_url", "image_urls", "audio_url", "reply_to_id", "reply_to_text"]),
        ["decision_resolved (agent)"] = (
            () => Serialize(new DecisionResolvedFrame { Seq = 1, EventId = "evt_1", DecisionId = "dec_1", Status = DecisionStatus.Rejected }),
            ["type", "seq", "event_id", "decision_id", "conversation_id", "status", "note", "always_allow", "always_allow_pattern", "resolved_by", "resolved_at"]),
        ["snapshot"] = (
            () => Serialize(new SnapshotFrame { Seq = 1 }),
            ["type", "seq", "pending_decisions", "indicators", "agents"]),
        ["message_created"] = (
            () => Serialize(new MessageCreatedFrame { Seq = 1, Message = BareMessage() }),
            ["type", "seq", "message"]),
        ["decision_created"] = (
            () => Serialize(new DecisionCreatedFrame { Seq = 1, Decision = BareDecision() }),
            ["type", "seq", "decision"]),
        ["decision_resolved (app)"] = (
            () => Serialize(new DecisionUpdatedFrame { Seq = 1, Decision = BareDecision(DecisionStatus.Dismissed) }),
            ["type", "seq", "decision"]),
        ["activity_created"] = (
            () => Serialize(new ActivityCreatedFrame { Seq = 1, Activity = BareActivity() }),
            ["type", "seq", "activity"]),
        ["indicator_changed"] = (
            () => Serialize(new IndicatorChangedFrame { Seq = 1, AgentId = "agt_1", ConversationId = "conv_1", Active = true }),
            ["type", "seq", "agent_id", "conversation_id", "active", "status_text", "reason"]),
        ["agent_status"] = (
            () => Serialize(new AgentStatusFrame { Seq = 1, AgentId = "agt_1", Online = true }),
            ["type", "seq", "agent_id", "online"]),
        ["agent_updated"] = (
            () => Serialize(new AgentUpdatedFrame { Seq = 1, Agent = BareAgent() }),
            ["type", "seq", "agent"]),
        ["agent_removed"] = (
            () => Serialize(new AgentRemovedFrame { Seq = 1, AgentId = "agt_1" }),
            ["type", "seq", "agent_id", "user_id"]),
        ["ack"] = (
            () => Serialize(new AckFrame { Ref = "r1" }),
            ["type", "ref", "status"]),
        ["error"] = (
            () => Serialize(new ErrorFrame { Ref = "r1", Detail = "title is required" }),
            ["type", "ref", "detail"]),
        ["auth_ok"] = (
            () => Serialize(new AuthOkFrame { AgentId = "agt_1", ConversationId = "conv_1" }),
            ["type", "agent_id", "conversation_id"]),
        ["pong"] = (
            () => Serialize(PongFrame.Instance),
            ["type"]),
    };

    public static TheoryData<string> FrameNames() => [.. Frames.Keys];

    [Theory]
    [MemberData(nameof(FrameNames))]
    public void Serialize_Frame_TypeComesFirst(string name)
    {
        var json = Frames[name].Write();

        var first = json.EnumerateObject().First();
        Assert.Equal("type", first.Name);
        Assert.Equal(name.Split(' ')[0], first.Value.GetString());
    }

    [Theory]
    [MemberData(nameof(FrameNames))]
    public void Serialize_Frame_HasExactlyTheProtocolFields(string name)
    {
        var (write, fields) = Frames[name];

        Assert.Equal(fields.Order(), PropertyNames(write()).Order());
    }

    [Theory]
    [MemberData(nameof(FrameNames))]
    public void Serialize_Frame_NamesAreSnakeCase(string name)
    {
        foreach (var property in AllPropertyNames(Frames[name].Write()))
        {
            Assert.Matches("^[a-z][a-z0-9_]*$", property);
        }
    }

    [Fact]
    public void Serialize_LoggedFrames_SeqComesSecondAndEventIdThird()
    {
        foreach (var (name, (write, _)) in Frames.Where(f => f.Value.Fields is [_, "seq", ..]))
        {
            var names = PropertyNames(write());
            Assert.True(names[1] == "seq", $"{name}: {string.Join(",", names)}");
            if (names.Contains("event_id"))
            {
                Assert.True(names[2] == "event_id", $"{name}: {string.Join(",", names)}");
            }
        }
    }

    [Fact]
    public void Serialize_UserMessageWithNothingOptional_NullFieldsPresent()
    {
        var json = Serialize(new UserMessageFrame { Seq = 3, EventId = "evt_1", MessageId = "msg_1", ConversationId = "conv_1", SenderName = "Alice" });

        foreach (var field in new[] { "text", "image_url", "image_urls", "audio_url", "reply_to_id", "reply_to_text" })
        {
            Assert.Equal(JsonValueKind.Null, json.GetProperty(field).ValueKind);
        }

        Assert.Equal(3, json.GetProperty("seq").GetInt64());
        Assert.Equal("evt_1", json.GetProperty("event_id").GetString());
    }

    [Fact]
    public void Serialize_IndicatorOn_ReasonAndStatusTextNull()
    {
        var json = Serialize(new IndicatorChangedFrame { Seq = 1, AgentId = "agt_1", ConversationId = "conv_1", Active = true });

        Assert.Equal(JsonValueKind.Null, json.GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("status_text").ValueKind);
        Assert.True(json.GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData(IndicatorReason.Stopped, "stopped")]
    [InlineData(IndicatorReason.Timeout, "timeout")]
    [InlineData(IndicatorReason.Message, "message")]
    [InlineData(IndicatorReason.Disconnected, "disconnected")]
    public void Serialize_IndicatorOff_ReasonIsItsWireName(IndicatorReason reason, string wire)
    {
        var json = Serialize(new IndicatorChangedFrame { Seq = 1, AgentId = "agt_1", ConversationId = "conv_1", Active = false, Reason = reason });

        Assert.Equal(wire, json.GetProperty("reason").GetString());
        Assert.False(json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public void Serialize_DecisionResolvedWithoutRun_OmitsTaskRunId()
    {
        var json = Serialize(DecisionResolvedFrame.From(BareDecision(DecisionStatus.Rejected)));

        Assert.False(json.TryGetProperty("task_run_id", out _), json.GetRawText());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("conversation_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("note").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("always_allow_pattern").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("resolved_by").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("resolved_at").ValueKind);
    }

    [Fact]
    public void Serialize_DecisionResolvedWithRun_HasEveryValue()
    {
        var decision = ResolvedPermission();

        var json = Serialize(DecisionResolvedFrame.From(decision));

        Assert.Equal("decision_resolved", json.GetProperty("type").GetString());
        Assert.Equal(decision.Id, json.GetProperty("decision_id").GetString());
        Assert.Equal(ConversationId, json.GetProperty("conversation_id").GetString());
        Assert.Equal("approved", json.GetProperty("status").GetString());
        Assert.Equal("ok", json.GetProperty("note").GetString());
        Assert.True(json.GetProperty("always_allow").GetBoolean());
        Assert.Equal("Bash(npm *)", json.GetProperty("always_allow_pattern").GetString());
        Assert.Equal(RunId, json.GetProperty("task_run_id").GetString());
        Assert.Equal("Alice", json.GetProperty("resolved_by").GetString());
        Assert.Equal("2026-01-05T09:35:00Z", json.GetProperty("resolved_at").GetString());
    }

    [Theory]
    [InlineData(DecisionStatus.Approved, "approved")]
    [InlineData(DecisionStatus.Rejected, "rejected")]
    [InlineData(DecisionStatus.Responded, "responded")]
    [InlineData(DecisionStatus.Dismissed, "dismissed")]
    [InlineData(DecisionStatus.Expired, "expired")]
    [InlineData(DecisionStatus.Cancelled, "cancelled")]
    public void Serialize_DecisionResolved_StatusIsItsWireName(DecisionStatus status, string wire)
    {
        var json = Serialize(DecisionResolvedFrame.From(BareDecision(status)));

        Assert.Equal(wire, json.GetProperty("status").GetString());
    }

    [Fact]
    public void From_Message_CopiesEveryField()
    {
        var message = FullMessage();

        var frame = UserMessageFrame.From(message);

        Assert.Equal(message.Id, frame.MessageId);
        Assert.Equal(message.ConversationId, frame.ConversationId);
        Assert.Equal(message.Text, frame.Text);
        Assert.Equal(message.SenderName, frame.SenderName);
        Assert.Equal(message.ImageUrl, frame.ImageUrl);
        Assert.Equal(message.ImageUrls, frame.ImageUrls);
        Assert.Equal(message.AudioUrl, frame.AudioUrl);
        Assert.Equal(message.ReplyToId, frame.ReplyToId);
        Assert.Equal(message.ReplyToText, frame.ReplyToText);
    }

    [Fact]
    public void From_Decision_CopiesEveryField()
    {
        var decision = ResolvedPermission();

        var frame = DecisionResolvedFrame.From(decision);

        Assert.Equal(decision.Id, frame.DecisionId);
        Assert.Equal(decision.ConversationId, frame.ConversationId);
        Assert.Equal(decision.Status, frame.Status);
        Assert.Equal(decision.Note, frame.Note);
        Assert.Equal(decision.AlwaysAllow, frame.AlwaysAllow);
        Assert.Equal(decision.AlwaysAllowPattern, frame.AlwaysAllowPattern);
        Assert.Equal(decision.TaskRunId, frame.TaskRunId);
        Assert.Equal(decision.ResolvedBy, frame.ResolvedBy);
        Assert.Equal(decision.ResolvedAt, frame.ResolvedAt);
    }

    [Fact]
    public void Serialize_Snapshot_HasIndicatorsAndAgentsWithTheirFields()
    {
        var frame = new SnapshotFrame
        {
            Seq = 12,
            PendingDecisions = [BareDecision()],
            Indicators = [new IndicatorSnapshot(AgentId, ConversationId, true, null, At)],
            Agents = [new AgentPresence(AgentId, true)],
        };

        var json = Serialize(frame);

        Assert.Equal(12, json.GetProperty("seq").GetInt64());
        var indicator = json.GetProperty("indicators")[0];
        Assert.Equal(new[] { "agent_id", "conversation_id", "active", "status_text", "since" }, PropertyNames(indicator));
        Assert.Equal(JsonValueKind.Null, indicator.GetProperty("status_text").ValueKind);
        Assert.Equal("2026-01-05T09:30:00Z", indicator.GetProperty("since").GetString());
        Assert.Equal(new[] { "agent_id", "online" }, PropertyNames(json.GetProperty("agents")[0]));
        Assert.Equal("pending", json.GetProperty("pending_decisions")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void Serialize_EmptySnapshot_ListsAreEmptyArrays()
    {
        var json = Serialize(new SnapshotFrame { Seq = 0 });

        Assert.Equal(0, json.GetProperty("pending_decisions").GetArrayLength());
        Assert.Equal(0, json.GetProperty("indicators").GetArrayLength());
        Assert.Equal(0, json.GetProperty("agents").GetArrayLength());
    }

    [Fact]
    public void Serialize_FramesCarryingDecisions_NeverShowInternalFields()
    {
        var texts = new[]
        {
            SerializeToString(new DecisionCreatedFrame { Seq = 1, Decision = ResolvedPermission() }),
            SerializeToString(new DecisionUpdatedFrame { Seq = 1, Decision = ResolvedPermission() }),
            SerializeToString(new SnapshotFrame { Seq = 1, PendingDecisions = [BareDecision()] }),
        };

        foreach (var text in texts)
        {
            foreach (var hidden in new[] { "version", "resolved_by_user_id", "task_proposal", "is_pending", "usr_alice" })
            {
                Assert.DoesNotContain(hidden, text, StringComparison.Ordinal);
            }

            using var document = JsonDocument.Parse(text);
            var decision = document.RootElement.TryGetProperty("decision", out var d) ? d : document.RootElement.GetProperty("pending_decisions")[0];
            Assert.False(decision.TryGetProperty("seq", out _), text);
        }
    }

    [Fact]
    public void Serialize_MessageCreated_NeverShowsSenderId()
    {
        var text = SerializeToString(new MessageCreatedFrame { Seq = 1, Message = FullMessage() });

        Assert.DoesNotContain("sender_id", text, StringComparison.Ordinal);
        Assert.DoesNotContain("usr_alice", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_AgentEventResultOk_OnlyStatus()
    {
        Assert.Equal("""{"status":"ok"}""", SerializeToString(AgentEventResult.Ok));
        Assert.Equal("""{"status":"ok"}""", SerializeToString(new AgentEventResult()));
    }

    [Theory]
    [InlineData("message_id")]
    [InlineData("decision_id")]
    [InlineData("activity_id")]
    public void Serialize_AgentEventResultWithOneId_OmitsTheOthers(string field)
    {
        var result = field switch
        {
            "message_id" => new AgentEventResult { MessageId = "x_1" },
            "decision_id" => new AgentEventResult { DecisionId = "x_1" },
            _ => new AgentEventResult { ActivityId = "x_1" },
        };

        Assert.Equal($$"""{"status":"ok","{{field}}":"x_1"}""", SerializeToString(result));
    }

    [Fact]
    public void Serialize_AckOfResult_CarriesRefStatusAndId()
    {
        var ack = AckFrame.From("r-9", new AgentEventResult { DecisionId = "dec_1" });

        Assert.Equal("""{"type":"ack","ref":"r-9","status":"ok","decision_id":"dec_1"}""", SerializeToString(ack));
    }

    [Fact]
    public void Serialize_AckWithoutIds_OmitsIds()
    {
        Assert.Equal("""{"type":"ack","ref":"r-9","status":"ok"}""", SerializeToString(AckFrame.From("r-9", AgentEventResult.Ok)));
    }

    [Fact]
    public void Serialize_ErrorWithoutRef_OmitsRef()
    {
        Assert.Equal("""{"type":"error","detail":"title is required"}""", SerializeToString(new ErrorFrame { Detail = "title is required" }));
    }

    [Fact]
    public void Serialize_ErrorWithRef_TypeRefDetail()
    {
        Assert.Equal("""{"type":"error","ref":"r-1","detail":"kind is required"}""", SerializeToString(new ErrorFrame { Ref = "r-1", Detail = "kind is required" }));
    }

    [Fact]
    public void Serialize_ErrorBody_OnlyDetail()
    {
        Assert.Equal("""{"detail":"not found"}""", SerializeToString(new ErrorBody { Detail = "not found" }));
    }

    [Fact]
    public void Serialize_Pong_IsJustType()
    {
        Assert.Equal("""{"type":"pong"}""", SerializeToString(PongFrame.Instance));
    }

    [Fact]
    public void Serialize_AuthOk_TypeAgentConversation()
    {
        Assert.Equal(
            """{"type":"auth_ok","agent_id":"agt_1","conversation_id":"conv_1"}""",
            SerializeToString(new AuthOkFrame { AgentId = "agt_1", ConversationId = "conv_1" }));
    }

    [Fact]
    public void Serialize_AgentUpdated_AgentTypeIsItsWireName()
    {
        var json = Serialize(new AgentUpdatedFrame { Seq = 1, Agent = BareAgent(AgentType.ApprovalOnly) });

        Assert.Equal("approval_only", json.GetProperty("agent").GetProperty("type").GetString());
    }

    [Fact]
    public void Serialize_ActivityCreated_ActivityTypeIsItsWireName()
    {
        var json = Serialize(new ActivityCreatedFrame { Seq = 1, Activity = BareActivity(ActivityType.DecisionCreated) });

        Assert.Equal("decision_created", json.GetProperty("activity").GetProperty("type").GetString());
    }

    [Fact]
    public void Serialize_DecisionCreated_KindAndStatusAreWireNames()
    {
        var json = Serialize(new DecisionCreatedFrame { Seq = 1, Decision = BareDecision(DecisionStatus.Pending, DecisionKind.Permission) });

        Assert.Equal("permission", json.GetProperty("decision").GetProperty("kind").GetString());
        Assert.Equal("pending", json.GetProperty("decision").GetProperty("status").GetString());
    }

    [Fact]
    public void Serialize_MessageCreated_TimestampIsUtcWithZ()
    {
        var message = BareMessage() with { CreatedAt = new DateTimeOffset(2026, 1, 5, 11, 30, 0, TimeSpan.FromHours(2)) };

        var json = Serialize(new MessageCreatedFrame { Seq = 1, Message = message });

        Assert.Equal("2026-01-05T09:30:00Z", json.GetProperty("message").GetProperty("created_at").GetString());
    }

    private static IEnumerable<string> AllPropertyNames(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (var nested in AllPropertyNames(property.Value))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var nested in AllPropertyNames(item))
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }
}
