using System.Text.Json;
using Nod.Protocol;
using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §3 <c>status</c>: <c>details</c> may be any JSON value; it becomes the entry's text.</summary>
public sealed class StatusDetailsTests
{
    [Theory]
    [InlineData("\"maintenance\"", "maintenance")]
    [InlineData("\"line 1\\nline \\\"2\\\"\"", "line 1\nline \"2\"")]
    [InlineData("\"\"", "")]
    public void Parse_DetailsString_DetailsTextIsTheString(string raw, string expected)
    {
        var status = AssertParses<StatusEvent>(Parse($$"""{"type":"status","action":"stopped","details":{{raw}}}"""));

        Assert.Equal(expected, status.DetailsText);
    }

    [Theory]
    [InlineData("""{"version":"1.2","pid":42}""")]
    [InlineData("""{"nested":{"list":[1,"two",null,true]}}""")]
    [InlineData("{}")]
    [InlineData("""[1,2,3]""")]
    public void Parse_DetailsObjectOrArray_DetailsTextIsItsJson(string raw)
    {
        var status = AssertParses<StatusEvent>(Parse($$"""{"type":"status","action":"started","details":{{raw}}}"""));

        Assert.NotNull(status.DetailsText);
        using var kept = JsonDocument.Parse(status.DetailsText);
        using var sent = JsonDocument.Parse(raw);
        Assert.True(JsonElement.DeepEquals(sent.RootElement, kept.RootElement), $"details text {status.DetailsText} is not {raw}");
    }

    [Theory]
    [InlineData("42", "42")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("0", "0")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public void Parse_DetailsNumberOrBool_DetailsTextIsItsJson(string raw, string expected)
    {
        var status = AssertParses<StatusEvent>(Parse($$"""{"type":"status","action":"started","details":{{raw}}}"""));

        Assert.Equal(expected, status.DetailsText);
    }

    [Fact]
    public void Parse_DetailsNull_DetailsTextIsNull()
    {
        var status = AssertParses<StatusEvent>(Parse("""{"type":"status","action":"started","details":null}"""));

        Assert.Null(status.DetailsText);
    }

    [Fact]
    public void Parse_DetailsElement_OutlivesTheInputBuffer()
    {
        var buffer = Utf8("""{"type":"status","action":"started","details":{"a":[1,2]}}""");
        var status = AssertParses<StatusEvent>(new AgentEventParser(new NodLimits()).Parse(buffer));

        Array.Clear(buffer);

        Assert.Equal(JsonValueKind.Object, status.Details!.Value.ValueKind);
        Assert.Equal(2, status.Details.Value.GetProperty("a").GetArrayLength());
    }

    [Fact]
    public void Parse_DetailsStringOverLimit_ErrorNamesDetails()
    {
        var limits = new NodLimits { MaxTextLength = 5 };

        AssertFailsNaming(Parse("""{"type":"status","action":"a","details":"123456"}""", limits: limits), "details");
    }

    [Fact]
    public void Parse_DetailsObjectOverLimit_ErrorNamesDetails()
    {
        var limits = new NodLimits { MaxTextLength = 10 };

        AssertFailsNaming(Parse("""{"type":"status","action":"a","details":{"abc":12345}}""", limits: limits), "details");
    }
}
