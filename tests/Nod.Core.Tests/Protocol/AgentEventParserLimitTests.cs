using System.Text.Json.Nodes;
using Nod.Protocol;
using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §8: every length and count limit holds at its bound and refuses one more, naming the field.</summary>
public sealed class AgentEventParserLimitTests
{
    public static TheoryData<string, string, int> LengthLimits()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var limit in AgentEventSchema.LengthLimits)
        {
            data.Add(limit.Type, limit.Field, limit.Max);
        }

        return data;
    }

    [Fact]
    public void NodLimits_Defaults_AreTheProtocolLimits()
    {
        var limits = new NodLimits();

        Assert.Equal(AgentEventSchema.Title, limits.MaxTitleLength);
        Assert.Equal(AgentEventSchema.Text, limits.MaxTextLength);
        Assert.Equal(AgentEventSchema.Options, limits.MaxOptions);
        Assert.Equal(AgentEventSchema.Option, limits.MaxOptionLength);
        Assert.Equal(AgentEventSchema.ImageBytes, limits.MaxImageBytes);
        Assert.Equal(AgentEventSchema.Id, limits.MaxIdLength);
        Assert.Equal(AgentEventSchema.Pattern, limits.MaxPatternLength);
        Assert.Equal(AgentEventSchema.ExpiresInS, limits.MaxExpiresInSeconds);
    }

    [Fact]
    public void Table_EveryLengthLimitIsOnAFieldOfItsType()
    {
        foreach (var limit in AgentEventSchema.LengthLimits)
        {
            var field = limit.Field.Split('[')[0];
            Assert.Contains(AgentEventSchema.Fields, f => f.Type == limit.Type && f.Field == field);
        }
    }

    /// <summary>Every limit whose field takes any text up to it (a time zone must be a real IANA id: none is 100 long).</summary>
    public static TheoryData<string, string, int> FreeTextLengthLimits()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var limit in AgentEventSchema.LengthLimits.Where(l => l.Field != "task_timezone"))
        {
            data.Add(limit.Type, limit.Field, limit.Max);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FreeTextLengthLimits))]
    public void Parse_FieldAtLengthLimit_IsAccepted(string type, string field, int max)
    {
        var result = Parse(Minimal(type).With(field, AgentEventSchema.ValueOfLength(field, max)), allowAuth: true);

        Assert.True(result.IsSuccess, result.Error);
    }

    [Theory]
    [MemberData(nameof(LengthLimits))]
    public void Parse_FieldOverLengthLimit_ErrorNamesField(string type, string field, int max)
    {
        var result = Parse(Minimal(type).With(field, AgentEventSchema.ValueOfLength(field, max + 1)), allowAuth: true);

        AssertFailsNaming(result, field);
    }

    [Theory]
    [MemberData(nameof(LengthLimits))]
    public void Parse_FieldOverLengthLimit_StillReturnsRef(string type, string field, int max)
    {
        var body = Minimal(type).With(field, AgentEventSchema.ValueOfLength(field, max + 1));
        body["ref"] = "r-limit";

        var result = Parse(body, allowAuth: true);

        Assert.False(result.IsSuccess);
        Assert.Equal("r-limit", result.Ref);
    }

    [Fact]
    public void Parse_MessageTextOverLimitWithImage_ErrorNamesText()
    {
        var body = Minimal("message").With("text", new string('x', AgentEventSchema.Text + 1)).With("image_base64", PngBase64());

        AssertFailsNaming(Parse(body), "text");
    }

    [Fact]
    public void Parse_StatusDetailsObjectOverLimit_ErrorNamesDetails()
    {
        var details = new JsonObject { ["log"] = new string('x', AgentEventSchema.Text) };

        AssertFailsNaming(Parse(Minimal("status").With("details", details)), "details");
    }

    [Theory]
    [InlineData("choice")]
    [InlineData("approval")]
    public void Parse_OptionsAtCountLimit_IsAccepted(string kind)
    {
        var body = Minimal("decision").With("kind", kind).With("options", Options(AgentEventSchema.Options));

        var decision = AssertParses<DecisionEvent>(Parse(body));
        Assert.Equal(AgentEventSchema.Options, decision.Options!.Count);
    }

    [Theory]
    [InlineData("choice")]
    [InlineData("approval")]
    public void Parse_OptionsOverCountLimit_ErrorNamesOptions(string kind)
    {
        var body = Minimal("decision").With("kind", kind).With("options", Options(AgentEventSchema.Options + 1));

        AssertFailsNaming(Parse(body), "options");
    }

    [Fact]
    public void Parse_AlwaysAllowOptionsAtCountLimit_IsAccepted()
    {
        var body = Minimal("decision").With("kind", "permission").With("always_allow_options", AlwaysAllowOptions(AgentEventSchema.Options));

        var decision = AssertParses<DecisionEvent>(Parse(body));
        Assert.Equal(AgentEventSchema.Options, decision.AlwaysAllowOptions!.Count);
    }

    [Fact]
    public void Parse_AlwaysAllowOptionsOverCountLimit_ErrorNamesAlwaysAllowOptions()
    {
        var body = Minimal("decision").With("kind", "permission").With("always_allow_options", AlwaysAllowOptions(AgentEventSchema.Options + 1));

        AssertFailsNaming(Parse(body), "always_allow_options");
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("1")]
    [InlineData("3600")]
    [InlineData("2592000")]
    public void Parse_ExpiresInSInRange_IsAccepted(string raw)
    {
        var decision = AssertParses<DecisionEvent>(Parse(Minimal("decision").WithRaw("expires_in_s", raw)));

        Assert.Equal(double.Parse(raw, System.Globalization.CultureInfo.InvariantCulture), decision.ExpiresInS);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-0.001")]
    [InlineData("2592000.5")]
    [InlineData("2592001")]
    [InlineData("1e308")]
    [InlineData("1e400")]
    public void Parse_ExpiresInSOutOfRange_ErrorNamesExpiresInS(string raw)
    {
        AssertFailsNaming(Parse(Minimal("decision").WithRaw("expires_in_s", raw)), "expires_in_s");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("42")]
    [InlineData("9007199254740993")]
    public void Parse_AuthAfterZeroOrMore_IsAccepted(string raw)
    {
        var auth = AssertParses<AuthEvent>(Parse(Minimal("auth").WithRaw("after", raw), allowAuth: true));

        Assert.Equal(long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture), auth.After);
    }

    [Fact]
    public void Parse_AuthAfterNegative_ErrorNamesAfter()
    {
        AssertFailsNaming(Parse(Minimal("auth").WithRaw("after", "-1"), allowAuth: true), "after");
    }

    [Fact]
    public void Parse_ImageAtDefaultLimit_IsAccepted()
    {
        var body = Minimal("message").Without("text").With("image_base64", PngBase64(AgentEventSchema.ImageBytes));

        var message = AssertParses<MessageEvent>(Parse(body));
        Assert.StartsWith("data:image/png;base64,", message.ImageDataUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ImageOverDefaultLimit_ErrorNamesImageBase64()
    {
        var body = Minimal("message").Without("text").With("image_base64", PngBase64(AgentEventSchema.ImageBytes + 1));

        AssertFailsNaming(Parse(body), "image_base64");
    }

    public static TheoryData<string, string, string> CustomLimitCases() => new()
    {
        // limit, an over-the-limit body, the field the error must name
        { "MaxTitleLength=5", """{"type":"alert","title":"abcdef"}""", "title" },
        { "MaxTitleLength=5", """{"type":"agent_heartbeat","status_text":"abcdef"}""", "status_text" },
        { "MaxTextLength=10", """{"type":"message","text":"abcdefghijk"}""", "text" },
        { "MaxTextLength=10", """{"type":"decision","title":"t","description":"abcdefghijk","kind":"question"}""", "description" },
        { "MaxOptions=2", """{"type":"decision","title":"t","description":"d","kind":"choice","options":["a","b","c"]}""", "options" },
        { "MaxOptionLength=3", """{"type":"decision","title":"t","description":"d","kind":"choice","options":["a","abcd"]}""", "options[1]" },
        { "MaxPatternLength=4", """{"type":"decision","title":"t","description":"d","kind":"permission","permission":"abcde"}""", "permission" },
        { "MaxIdLength=6", """{"type":"processing_stop","conversation_id":"conv_12"}""", "conversation_id" },
        { "MaxExpiresInSeconds=60", """{"type":"decision","title":"t","description":"d","kind":"approval","expires_in_s":61}""", "expires_in_s" },
        { "MaxImageBytes=8", "{\"type\":\"message\",\"image_base64\":\"" + PngBase64(9) + "\"}", "image_base64" },
    };

    [Theory]
    [MemberData(nameof(CustomLimitCases))]
    public void Parse_CustomLimitExceeded_ErrorNamesField(string limit, string json, string field)
    {
        var limits = Limits(limit);

        AssertFailsNaming(Parse(json, limits: limits), field);
        var underDefaults = Parse(json);
        Assert.True(underDefaults.IsSuccess, $"the body should be valid under the default limits: {underDefaults.Error}");
    }

    private static NodLimits Limits(string setting)
    {
        var (name, value) = (setting.Split('=')[0], int.Parse(setting.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
        var limits = new NodLimits();
        typeof(NodLimits).GetProperty(name)!.SetValue(limits, value);
        return limits;
    }

    private static JsonArray Options(int count) => [.. Enumerable.Range(0, count).Select(i => (JsonNode)$"option {i}")];

    private static JsonArray AlwaysAllowOptions(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["pattern"] = $"Bash(tool{i} *)", ["label"] = $"Any tool{i}" })];
}
