using System.Text.Json.Nodes;
using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §3: a required field that is absent, null or blank is refused, and the error names it.</summary>
public sealed class AgentEventParserRequiredFieldTests
{
    public static TheoryData<string, string> RequiredFields()
    {
        var data = new TheoryData<string, string>();
        foreach (var rule in AgentEventSchema.Fields.Where(f => f.Required))
        {
            data.Add(rule.Type, rule.Field);
        }

        return data;
    }

    public static TheoryData<string, string, string> BlankRequiredTexts()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var rule in AgentEventSchema.Fields.Where(f => f.Required && f.Kind == WireKind.Text && !f.BlankAllowed))
        {
            data.Add(rule.Type, rule.Field, "");
            data.Add(rule.Type, rule.Field, "   ");
        }

        return data;
    }

    public static TheoryData<string, string> IdFields()
    {
        var data = new TheoryData<string, string>();
        foreach (var rule in AgentEventSchema.Fields.Where(f => f.Kind == WireKind.Id))
        {
            data.Add(rule.Type, rule.Field);
        }

        return data;
    }

    [Fact]
    public void Table_CoversEveryTypeWithRequiredFields()
    {
        var types = AgentEventSchema.Fields.Where(f => f.Required).Select(f => f.Type).Distinct().Order();
        Assert.Equal(new[] { "alert", "auth", "decision", "message", "status", "task_proposal" }, types);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Parse_RequiredFieldMissing_ErrorNamesField(string type, string field)
    {
        var result = Parse(Minimal(type).Without(field), allowAuth: true);

        AssertFailsNaming(result, field);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Parse_RequiredFieldNull_ErrorNamesField(string type, string field)
    {
        var result = Parse(Minimal(type).With(field, null), allowAuth: true);

        AssertFailsNaming(result, field);
    }

    [Theory]
    [MemberData(nameof(BlankRequiredTexts))]
    public void Parse_RequiredTextBlank_ErrorNamesField(string type, string field, string blank)
    {
        var result = Parse(Minimal(type).With(field, blank), allowAuth: true);

        AssertFailsNaming(result, field);
    }

    [Theory]
    [MemberData(nameof(IdFields))]
    public void Parse_IdEmpty_ErrorNamesField(string type, string field)
    {
        var result = Parse(Minimal(type).With(field, ""), allowAuth: true);

        AssertFailsNaming(result, field);
    }

    [Theory]
    [MemberData(nameof(IdFields))]
    public void Parse_IdNull_IsAccepted(string type, string field)
    {
        var result = Parse(Minimal(type).With(field, null), allowAuth: true);

        Assert.True(result.IsSuccess, result.Error);
    }

    [Fact]
    public void Parse_DecisionChoiceWithoutOptions_ErrorNamesOptions()
    {
        var result = Parse(Minimal("decision").With("kind", "choice"));

        AssertFailsNaming(result, "options");
    }

    [Fact]
    public void Parse_TaskProposalOnceWithoutRunAt_ErrorNamesTaskRunAt()
    {
        var result = Parse(Minimal("task_proposal").With("task_schedule", "once"));

        AssertFailsNaming(result, "task_run_at");
    }

    [Fact]
    public void Parse_MessageWithoutTextOrImage_ErrorNamesText()
    {
        var result = Parse(new JsonObject { ["type"] = "message", ["conversation_id"] = ConversationId });

        AssertFailsNaming(result, "text");
        Assert.Contains("image_base64", result.Error, StringComparison.Ordinal);
    }
}
