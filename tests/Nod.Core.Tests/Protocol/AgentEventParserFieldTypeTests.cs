using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §3: a field with the wrong JSON type is refused, and the error names the field.</summary>
public sealed class AgentEventParserFieldTypeTests
{
    public static TheoryData<string, string, string, string> WrongTypes()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var rule in AgentEventSchema.Fields)
        {
            foreach (var (raw, named) in AgentEventSchema.WrongValues(rule.Field, rule.Kind))
            {
                data.Add(rule.Type, rule.Field, raw, named);
            }
        }

        return data;
    }

    public static TheoryData<string> AllTypes() => [.. AgentEventSchema.AllTypes];

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void Parse_FieldOfWrongJsonType_ErrorNamesField(string type, string field, string rawJson, string namedField)
    {
        var result = Parse(Minimal(type).WithRaw(field, rawJson), allowAuth: true);

        AssertFailsNaming(result, namedField);
    }

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void Parse_FieldOfWrongJsonType_StillReturnsRef(string type, string field, string rawJson, string namedField)
    {
        _ = namedField;
        var body = Minimal(type).WithRaw(field, rawJson);
        body["ref"] = "r-7";

        var result = Parse(body, allowAuth: true);

        Assert.False(result.IsSuccess);
        Assert.Equal("r-7", result.Ref);
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Parse_RefNotAString_ErrorNamesRef(string type)
    {
        var body = Minimal(type).WithRaw("ref", "5");

        var result = Parse(body, allowAuth: true);

        AssertFailsNaming(result, "ref");
    }

    [Fact]
    public void Parse_WrongTypeError_SaysWhatWasExpected()
    {
        var result = Parse(Minimal("decision").WithRaw("allows_always", "\"yes\""));

        AssertFailsNaming(result, "allows_always");
        Assert.Contains("true or false", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StatusDetailsOfAnyJsonType_IsAccepted()
    {
        foreach (var raw in new[] { "\"text\"", "42", "true", "{\"a\":1}", "[1,2]", "null" })
        {
            var result = Parse(Minimal("status").WithRaw("details", raw));
            Assert.True(result.IsSuccess, $"details {raw}: {result.Error}");
        }
    }
}
