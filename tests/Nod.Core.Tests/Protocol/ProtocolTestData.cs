using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nod.Protocol;

namespace Nod.Core.Tests.Protocol;

/// <summary>Bodies, images and assertions shared by the protocol tests.</summary>
internal static partial class ProtocolTestData
{
    public const string ConversationId = "conv_0123456789abcdef";
    public const string RunId = "run_0123456789abcdef";
    public const string AgentId = "agt_0123456789abcdef";
    public const string Secret = "nod_0123456789abcdef0123456789abcdef01234567";

    /// <summary>The eight-byte PNG signature: all a sniffer needs to call it an image.</summary>
    public static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A tiny "PNG": the signature and a few more bytes.</summary>
    public static byte[] Png(int length = 16)
    {
        var bytes = new byte[length];
        PngSignature.CopyTo(bytes);
        for (var i = PngSignature.Length; i < length; i++)
        {
            bytes[i] = (byte)i;
        }

        return bytes;
    }

    public static string PngBase64(int length = 16) => Convert.ToBase64String(Png(length));

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static AgentEventParseResult Parse(string json, bool allowAuth = false, NodLimits? limits = null) =>
        new AgentEventParser(limits ?? new NodLimits()).Parse(Utf8(json), allowAuth);

    public static AgentEventParseResult Parse(JsonObject body, bool allowAuth = false, NodLimits? limits = null) =>
        Parse(body.ToJsonString(), allowAuth, limits);

    /// <summary>The smallest valid body of each event type (PROTOCOL §3).</summary>
    public static JsonObject Minimal(string type) => type switch
    {
        "message" => new JsonObject { ["type"] = type, ["text"] = "hi" },
        "decision" => new JsonObject { ["type"] = type, ["title"] = "Deploy?", ["description"] = "v2 to prod", ["kind"] = "approval" },
        "alert" => new JsonObject { ["type"] = type, ["title"] = "Deployed" },
        "processing_start" or "processing_stop" or "agent_heartbeat" or "agent_idle" or "ping" => new JsonObject { ["type"] = type },
        "status" => new JsonObject { ["type"] = type, ["action"] = "started" },
        "task_proposal" => new JsonObject
        {
            ["type"] = type,
            ["title"] = "Daily digest?",
            ["task_name"] = "Digest",
            ["task_prompt"] = "Summarize the inbox",
            ["task_schedule"] = "0 9 * * *",
        },
        "auth" => new JsonObject { ["type"] = type, ["secret"] = Secret },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no minimal body for this type"),
    };

    /// <summary>
    /// Sets <paramref name="field"/> to <paramref name="value"/>. Understands the element paths the errors use:
    /// <c>options[0]</c>, <c>always_allow_options[0].pattern</c> and <c>always_allow_options[0].label</c>.
    /// </summary>
    public static JsonObject With(this JsonObject body, string field, JsonNode? value)
    {
        switch (field)
        {
            case "options[0]":
                body["options"] = new JsonArray(value);
                break;
            case "always_allow_options[0].pattern":
                body["always_allow_options"] = new JsonArray(new JsonObject { ["pattern"] = value, ["label"] = "Any npm install" });
                break;
            case "always_allow_options[0].label":
                body["always_allow_options"] = new JsonArray(new JsonObject { ["pattern"] = "Bash(npm install *)", ["label"] = value });
                break;
            default:
                body[field] = value;
                break;
        }

        return body;
    }

    /// <summary>Sets <paramref name="field"/> to the raw JSON <paramref name="rawJson"/>.</summary>
    public static JsonObject WithRaw(this JsonObject body, string field, string rawJson) =>
        body.With(field, JsonNode.Parse(rawJson));

    public static JsonObject Without(this JsonObject body, string field)
    {
        body.Remove(field);
        return body;
    }

    /// <summary>The parse failed, and its error names <paramref name="field"/>.</summary>
    public static void AssertFailsNaming(AgentEventParseResult result, string field)
    {
        Assert.False(result.IsSuccess, $"expected an error naming '{field}', but the event was accepted");
        Assert.Null(result.Event);
        AssertNamesField(result.Error, field);
    }

    /// <summary>
    /// <paramref name="error"/> mentions <paramref name="field"/> as a whole field name: "title" is found in
    /// "title is required" but not in "report_title is required".
    /// </summary>
    public static void AssertNamesField(string? error, string field)
    {
        Assert.NotNull(error);
        var pattern = @"(?<![A-Za-z0-9_.\[\]])" + Regex.Escape(field) + "(?![A-Za-z0-9_])";
        Assert.True(Regex.IsMatch(error, pattern), $"the error does not name '{field}': {error}");
    }

    public static T AssertParses<T>(AgentEventParseResult result)
        where T : AgentEvent
    {
        Assert.True(result.IsSuccess, $"expected success, got: {result.Error}");
        Assert.Null(result.Error);
        return Assert.IsType<T>(result.Event);
    }

    /// <summary>Serializes <paramref name="value"/> the way the wire does and returns the parsed document.</summary>
    public static JsonElement Serialize<T>(T value)
    {
        var typeInfo = NodJsonContext.Default.GetTypeInfo(typeof(T)) ?? throw new InvalidOperationException($"no JSON metadata for {typeof(T).Name}");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }

    public static string SerializeToString<T>(T value)
    {
        var typeInfo = NodJsonContext.Default.GetTypeInfo(typeof(T)) ?? throw new InvalidOperationException($"no JSON metadata for {typeof(T).Name}");
        return JsonSerializer.Serialize(value, typeInfo);
    }

    public static string[] PropertyNames(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
