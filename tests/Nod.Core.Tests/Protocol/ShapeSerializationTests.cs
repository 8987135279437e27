using System.Text.Json;
using Nod.Model;
using static Nod.Core.Tests.Protocol.ProtocolTestData;
using static Nod.Core.Tests.Protocol.WireSamples;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §7 shapes: exactly the listed fields, every one always present (null when empty), snake_case.</summary>
public sealed class ShapeSerializationTests
{
    private static readonly Dictionary<string, (Func<JsonElement> Bare, string[] Fields)> Shapes = new()
    {
        ["Agent"] = (
            () => Serialize(BareAgent()),
            ["id", "name", "description", "type", "webhook_url", "owner_id", "shared_with", "online", "last_seen_at", "pending_decisions", "default_conversation_id", "created_at"]),
        ["Conversation"] = (
            () => Serialize(BareConversation()),
            ["id", "agent_id", "title", "created_at", "last_message_at", "processing"]),
        ["Message"] = (
            () => Serialize(BareMessage()),
            ["id", "seq", "conversation_id", "agent_id", "sender", "sender_name", "text", "image_url", "image_urls", "audio_url", "reply_to_id", "reply_to_text", "report_title", "report_description", "task_run_id", "created_at"]),
        ["Decision"] = (
            () => Serialize(BareDecision()),
            ["id", "agent_id", "conversation_id", "task_run_id", "kind", "title", "description", "options", "allows_always", "always_allow_label", "always_allow_options", "permission", "status", "note", "always_allow", "always_allow_pattern", "resolved_by", "resolved_at", "expires_at", "created_at"]),
        ["Rule"] = (
            () => Serialize(BareRule()),
            ["id", "agent_id", "pattern", "effect", "created_by", "created_at"]),
        ["Activity"] = (
            () => Serialize(BareActivity()),
            ["id", "seq", "agent_id", "type", "title", "text", "task_run_id", "decision_id", "message_id", "created_at"]),
    };

    /// <summary>The fields each bare sample leaves empty: they must be present as <c>null</c>.</summary>
    private static readonly Dictionary<string, string[]> NullWhenEmpty = new()
    {
        ["Agent"] = ["description", "webhook_url", "last_seen_at", "default_conversation_id"],
        ["Conversation"] = ["title", "last_message_at"],
        ["Message"] = ["text", "image_url", "image_urls", "audio_url", "reply_to_id", "reply_to_text", "report_title", "report_description", "task_run_id"],
        ["Decision"] = ["conversation_id", "task_run_id", "options", "always_allow_label", "always_allow_options", "permission", "note", "always_allow_pattern", "resolved_by", "resolved_at", "expires_at"],
        ["Rule"] = [],
        ["Activity"] = ["text", "task_run_id", "decision_id", "message_id"],
    };

    public static TheoryData<string> ShapeNames() => [.. Shapes.Keys];

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void Serialize_Shape_HasExactlyTheProtocolFields(string shape)
    {
        var (bare, fields) = Shapes[shape];

        Assert.Equal(fields.Order(), PropertyNames(bare()).Order());
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void Serialize_ShapeWithEmptyFields_WritesThemAsNull(string shape)
    {
        var json = Shapes[shape].Bare();

        foreach (var field in NullWhenEmpty[shape])
        {
            Assert.True(json.TryGetProperty(field, out var value), $"{shape}.{field} is missing");
            Assert.Equal(JsonValueKind.Null, value.ValueKind);
        }
    }

    [Fact]
    public void Serialize_ConversationProcessing_HasActiveStatusTextSince()
    {
        var off = Serialize(BareConversation()).GetProperty("processing");
        var on = Serialize(BareConversation() with { Processing = new ProcessingState(true, "Reading…", At) }).GetProperty("processing");

        Assert.Equal(new[] { "active", "status_text", "since" }, PropertyNames(off));
        Assert.False(off.GetProperty("active").GetBoolean());
        Assert.Equal(JsonValueKind.Null, off.GetProperty("status_text").ValueKind);
        Assert.Equal(JsonValueKind.Null, off.GetProperty("since").ValueKind);
        Assert.True(on.GetProperty("active").GetBoolean());
        Assert.Equal("Reading…", on.GetProperty("status_text").GetString());
        Assert.Equal("2026-01-05T09:30:00Z", on.GetProperty("since").GetString());
    }

    [Fact]
    public void Serialize_Agent_SharedWithIsAnArray()
    {
        var json = Serialize(BareAgent() with { SharedWith = ["usr_bob"], PendingDecisions = 2, Online = true });

        Assert.Equal("usr_bob", json.GetProperty("shared_with")[0].GetString());
        Assert.Equal(2, json.GetProperty("pending_decisions").GetInt32());
        Assert.True(json.GetProperty("online").GetBoolean());
        Assert.Equal(0, Serialize(BareAgent()).GetProperty("shared_with").GetArrayLength());
    }

    [Fact]
    public void Serialize_FullDecision_HasEveryValue()
    {
        var json = Serialize(ResolvedPermission());

        Assert.Equal(ConversationId, json.GetProperty("conversation_id").GetString());
        Assert.Equal(RunId, json.GetProperty("task_run_id").GetString());
        Assert.Equal("permission", json.GetProperty("kind").GetString());
        Assert.Equal(2, json.GetProperty("options").GetArrayLength());
        Assert.True(json.GetProperty("allows_always").GetBoolean());
        var option = json.GetProperty("always_allow_options")[0];
        Assert.Equal(new[] { "pattern", "label" }, PropertyNames(option));
        Assert.Equal("Bash(npm *)", option.GetProperty("pattern").GetString());
        Assert.Equal("approved", json.GetProperty("status").GetString());
        Assert.Equal("2026-01-05T09:35:00Z", json.GetProperty("resolved_at").GetString());
        Assert.Equal("2026-01-05T10:30:00Z", json.GetProperty("expires_at").GetString());
        Assert.Equal("2026-01-05T09:30:00Z", json.GetProperty("created_at").GetString());
    }

    [Fact]
    public void Serialize_Decision_NeverShowsInternalFields()
    {
        var json = Serialize(ResolvedPermission());

        foreach (var hidden in new[] { "version", "seq", "resolved_by_user_id", "task_proposal", "is_pending" })
        {
            Assert.False(json.TryGetProperty(hidden, out _), $"decision has '{hidden}'");
        }
    }

    [Fact]
    public void Serialize_Message_NeverShowsSenderId()
    {
        var json = Serialize(FullMessage());

        Assert.False(json.TryGetProperty("sender_id", out _));
        Assert.DoesNotContain("usr_alice", json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_Message_KeepsItsSeq()
    {
        Assert.Equal(7, Serialize(BareMessage()).GetProperty("seq").GetInt64());
    }

    [Fact]
    public void Serialize_FullMessage_HasEveryValue()
    {
        var json = Serialize(FullMessage());

        Assert.Equal("user", json.GetProperty("sender").GetString());
        Assert.Equal("Alice", json.GetProperty("sender_name").GetString());
        Assert.Equal(2, json.GetProperty("image_urls").GetArrayLength());
        Assert.Equal("Report", json.GetProperty("report_title").GetString());
        Assert.Equal(RunId, json.GetProperty("task_run_id").GetString());
    }
}
