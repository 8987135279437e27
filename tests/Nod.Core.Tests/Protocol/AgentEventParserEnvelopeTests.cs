using Nod.Protocol;
using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §3 envelope: one JSON object whose string <c>type</c> selects the event; <c>ref</c> comes back.</summary>
public sealed class AgentEventParserEnvelopeTests
{
    private readonly AgentEventParser _parser = new(new NodLimits());

    public static TheoryData<string> NotObjects() =>
    [
        "[]",
        """[{"type":"ping"}]""",
        "\"ping\"",
        "42",
        "-1.5",
        "true",
        "null",
    ];

    public static TheoryData<string> NotJson() =>
    [
        "hello",
        "{",
        """{"type":"ping" """,
        """{"type":"ping",}""",
        """{"type":'ping'}""",
        """{type:"ping"}""",
        """{"type":"ping" /* c */}""",
        "\u0001\u0002\u0003",
    ];

    public static TheoryData<string> TrailingGarbage() =>
    [
        """{"type":"ping"} x""",
        """{"type":"ping"}}""",
        """{"type":"ping"}{"type":"ping"}""",
        """{"type":"message","text":"hi"} []""",
        """{"type":"ping"},""",
    ];

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t")]
    public void Parse_EmptyBody_Error(string body)
    {
        var result = _parser.Parse(Utf8(body));

        Assert.False(result.IsSuccess);
        Assert.Null(result.Event);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Theory]
    [MemberData(nameof(NotJson))]
    public void Parse_NotJson_Error(string body)
    {
        var result = _parser.Parse(Utf8(body));

        Assert.False(result.IsSuccess);
        Assert.Contains("JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GarbageBytes_Error()
    {
        byte[] garbage = [0x00, 0x9F, 0x92, 0x96, 0xFF, 0xFE, 0x7B];

        var result = _parser.Parse(garbage);

        Assert.False(result.IsSuccess);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D })] // {"type":"<C3 28>"}
    [InlineData(new byte[] { 0x7B, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D })] // {"text":"<FF>"}
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong '/'
    public void Parse_InvalidUtf8_ErrorSaysUtf8(byte[] body)
    {
        var result = _parser.Parse(body);

        Assert.False(result.IsSuccess);
        Assert.Contains("UTF-8", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8InsideAValidFrame_Error()
    {
        byte[] body = [.. Utf8("""{"type":"message","text":"caf"""), 0xE9, .. Utf8("\"}")];

        var result = _parser.Parse(body);

        Assert.False(result.IsSuccess);
        Assert.Contains("UTF-8", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotObjects))]
    public void Parse_JsonNotAnObject_ErrorSaysObject(string body)
    {
        var result = _parser.Parse(Utf8(body));

        Assert.False(result.IsSuccess);
        Assert.Contains("object", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TrailingGarbage))]
    public void Parse_TrailingGarbageAfterObject_Error(string body)
    {
        var result = _parser.Parse(Utf8(body));

        Assert.False(result.IsSuccess);
        Assert.Null(result.Event);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void Parse_TrailingWhitespaceAfterObject_IsAccepted()
    {
        var result = _parser.Parse(Utf8("{\"type\":\"ping\"}\r\n  \n"));

        Assert.IsType<PingEvent>(result.Event);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"text":"hi"}""")]
    [InlineData("""{"ref":"r1","text":"hi"}""")]
    [InlineData("""{"data":{"type":"message"}}""")]
    public void Parse_TypeMissing_ErrorNamesType(string body)
    {
        var result = _parser.Parse(Utf8(body));

        AssertFailsNaming(result, "type");
        Assert.Contains("required", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("""["message"]""")]
    [InlineData("""{"name":"message"}""")]
    public void Parse_TypeNotAString_ErrorNamesType(string rawType)
    {
        var result = _parser.Parse(Utf8($$"""{"type":{{rawType}},"text":"hi"}"""));

        AssertFailsNaming(result, "type");
        Assert.Contains("string", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("messages")]
    [InlineData("Message")]
    [InlineData("MESSAGE")]
    [InlineData("")]
    [InlineData("user_message")]
    [InlineData("pong")]
    public void Parse_UnknownType_ErrorListsKnownTypes(string type)
    {
        var result = _parser.Parse(Utf8($$"""{"type":"{{type}}","text":"hi"}"""));

        AssertFailsNaming(result, "type");
        foreach (var known in AgentEventSchema.KnownTypes)
        {
            Assert.Contains(known, result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_UnknownType_ErrorQuotesTheType()
    {
        var result = _parser.Parse(Utf8("""{"type":"nudge"}"""));

        Assert.Contains("'nudge'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_VeryLongUnknownType_ErrorStaysShort()
    {
        var type = new string('z', 10_000);

        var result = _parser.Parse(Utf8($$"""{"type":"{{type}}"}"""));

        Assert.False(result.IsSuccess);
        Assert.True(result.Error!.Length < 1_000, $"the error is {result.Error.Length} characters long");
    }

    [Fact]
    public void Parse_UnknownTypeWithAllowAuth_StillError()
    {
        var result = _parser.Parse(Utf8("""{"type":"nudge"}"""), allowAuth: true);

        AssertFailsNaming(result, "type");
    }

    [Fact]
    public void Parse_AuthWhenNotAllowed_Error()
    {
        var result = _parser.Parse(Utf8($$"""{"type":"auth","secret":"{{Secret}}","ref":"a1"}"""));

        Assert.False(result.IsSuccess);
        Assert.Null(result.Event);
        Assert.Contains("auth", result.Error, StringComparison.Ordinal);
        Assert.Equal("a1", result.Ref);
    }

    [Fact]
    public void Parse_AuthWhenAllowed_ParsesAuth()
    {
        var result = _parser.Parse(Utf8($$"""{"type":"auth","secret":"{{Secret}}"}"""), allowAuth: true);

        var auth = AssertParses<AuthEvent>(result);
        Assert.Equal(Secret, auth.Secret);
    }

    [Theory]
    [InlineData("""{"type":"message","text":"hi","ref":"r-1"}""")]
    [InlineData("""{"ref":"r-1","type":"message","text":"hi"}""")]
    [InlineData("""{"type":"ping","ref":"r-1"}""")]
    [InlineData("""{"ref":"r-1","type":"processing_stop"}""")]
    public void Parse_Success_ReturnsRef(string body)
    {
        var result = _parser.Parse(Utf8(body));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("r-1", result.Ref);
        Assert.Equal("r-1", result.Event!.Ref);
    }

    [Fact]
    public void Parse_SuccessWithoutRef_RefIsNull()
    {
        var result = _parser.Parse(Utf8("""{"type":"message","text":"hi"}"""));

        Assert.True(result.IsSuccess);
        Assert.Null(result.Ref);
        Assert.Null(result.Event!.Ref);
    }

    [Theory]
    [InlineData("""{"type":"message","ref":"r-2"}""", "text")] // missing field
    [InlineData("""{"ref":"r-2","type":"decision","title":"t","description":"d","kind":"vote"}""", "kind")] // bad value
    [InlineData("""{"type":"alert","title":7,"ref":"r-2"}""", "title")] // wrong JSON type
    [InlineData("""{"type":"nudge","ref":"r-2"}""", "type")] // unknown type
    [InlineData("""{"ref":"r-2","type":5}""", "type")] // non-string type
    [InlineData("""{"ref":"r-2"}""", "type")] // missing type
    public void Parse_FieldError_ReturnsRef(string body, string field)
    {
        var result = _parser.Parse(Utf8(body));

        AssertFailsNaming(result, field);
        Assert.Equal("r-2", result.Ref);
    }

    [Fact]
    public void Parse_RefWithUnicode_RoundTrips()
    {
        var result = _parser.Parse(Utf8("""{"type":"ping","ref":"züri-\u00e9-\ud83d\ude00"}"""));

        Assert.Equal("züri-é-😀", result.Ref);
    }

    [Fact]
    public void Parse_SameParserManyTimes_IsIndependentPerCall()
    {
        var first = _parser.Parse(Utf8("""{"type":"message","text":"one","ref":"a"}"""));
        var second = _parser.Parse(Utf8("""{"type":"message","ref":"b"}"""));
        var third = _parser.Parse(Utf8("""{"type":"message","text":"three"}"""));

        Assert.Equal("one", Assert.IsType<MessageEvent>(first.Event).Text);
        Assert.Equal("b", second.Ref);
        Assert.Null(third.Ref);
        Assert.Equal("three", Assert.IsType<MessageEvent>(third.Event).Text);
    }

    [Fact]
    public void Parse_UnknownExtraFields_AreIgnored()
    {
        var result = _parser.Parse(Utf8("""{"type":"message","text":"hi","metadata":{"a":[1,2]},"priority":3}"""));

        Assert.Equal("hi", AssertParses<MessageEvent>(result).Text);
    }

    [Fact]
    public void Parse_NeverThrows_ForTruncatedFrames()
    {
        var full = Utf8($$"""{"type":"decision","title":"t","description":"d","kind":"choice","options":["a","b"],"always_allow_options":[{"pattern":"p","label":"l"}],"expires_in_s":5,"ref":"x"}""");
        for (var length = 0; length < full.Length; length++)
        {
            var result = _parser.Parse(full.AsSpan(0, length));
            Assert.False(result.IsSuccess, $"a frame cut at {length} bytes was accepted");
            Assert.False(string.IsNullOrWhiteSpace(result.Error));
        }

        Assert.True(_parser.Parse(full).IsSuccess);
    }
}
