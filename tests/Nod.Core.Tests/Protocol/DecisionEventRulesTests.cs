using Nod.Model;
using Nod.Protocol;
using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §3 <c>decision</c>: the four kinds, options of a choice, always-allow options.</summary>
public sealed class DecisionEventRulesTests
{
    [Theory]
    [InlineData("approval", DecisionKind.Approval)]
    [InlineData("choice", DecisionKind.Choice)]
    [InlineData("question", DecisionKind.Question)]
    [InlineData("permission", DecisionKind.Permission)]
    public void Parse_EachKind_SetsParsedKind(string kind, DecisionKind expected)
    {
        var body = Minimal("decision").With("kind", kind).WithRaw("options", """["Yes","No"]""");

        var decision = AssertParses<DecisionEvent>(Parse(body));

        Assert.Equal(kind, decision.Kind);
        Assert.Equal(expected, decision.ParsedKind);
    }

    [Theory]
    [InlineData("vote")]
    [InlineData("Approval")]
    [InlineData("APPROVAL")]
    [InlineData(" approval")]
    [InlineData("")]
    [InlineData("choice,question")]
    public void Parse_KindNotOneOfTheFour_ErrorNamesKind(string kind)
    {
        var result = Parse(Minimal("decision").With("kind", kind).WithRaw("options", """["a"]"""));

        AssertFailsNaming(result, "kind");
        foreach (var known in new[] { "approval", "choice", "question", "permission" })
        {
            Assert.Contains(known, result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_KindVeryLong_ErrorStaysShort()
    {
        var result = Parse(Minimal("decision").With("kind", new string('k', 100_000)));

        AssertFailsNaming(result, "kind");
        Assert.True(result.Error!.Length < 1_000, $"the error is {result.Error.Length} characters long");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    [InlineData("[]")]
    public void Parse_ChoiceWithoutOptions_ErrorNamesOptions(string? rawOptions)
    {
        var body = Minimal("decision").With("kind", "choice");
        if (rawOptions is not null)
        {
            body.WithRaw("options", rawOptions);
        }

        AssertFailsNaming(Parse(body), "options");
    }

    [Theory]
    [InlineData("""[""]""", "options[0]")]
    [InlineData("""["a","   "]""", "options[1]")]
    [InlineData("""["a","b",null]""", "options[2]")]
    public void Parse_ChoiceWithBlankOption_ErrorNamesTheOption(string rawOptions, string field)
    {
        var body = Minimal("decision").With("kind", "choice").WithRaw("options", rawOptions);

        AssertFailsNaming(Parse(body), field);
    }

    [Theory]
    [InlineData("approval")]
    [InlineData("question")]
    [InlineData("permission")]
    public void Parse_OtherKindsWithoutOptions_AreAccepted(string kind)
    {
        var decision = AssertParses<DecisionEvent>(Parse(Minimal("decision").With("kind", kind)));

        Assert.Null(decision.Options);
    }

    [Theory]
    [InlineData("approval")]
    [InlineData("question")]
    [InlineData("permission")]
    public void Parse_OtherKindsWithEmptyOptions_AreAccepted(string kind)
    {
        var decision = AssertParses<DecisionEvent>(Parse(Minimal("decision").With("kind", kind).WithRaw("options", "[]")));

        Assert.Empty(decision.Options!);
    }

    [Fact]
    public void Parse_OneOptionChoice_IsAccepted()
    {
        var decision = AssertParses<DecisionEvent>(Parse(Minimal("decision").With("kind", "choice").WithRaw("options", """["Only"]""")));

        Assert.Equal("Only", Assert.Single(decision.Options!));
    }

    [Theory]
    [InlineData("""[null]""", "always_allow_options[0]")]
    [InlineData("""[{"label":"x"}]""", "always_allow_options[0].pattern")]
    [InlineData("""[{"pattern":"","label":"x"}]""", "always_allow_options[0].pattern")]
    [InlineData("""[{"pattern":"ok","label":"x"},{"pattern":" ","label":"y"}]""", "always_allow_options[1].pattern")]
    public void Parse_AlwaysAllowOptionInvalid_ErrorNamesTheEntry(string raw, string field)
    {
        var body = Minimal("decision").With("kind", "permission").WithRaw("always_allow_options", raw);

        AssertFailsNaming(Parse(body), field);
    }

    [Fact]
    public void Parse_AlwaysAllowOptionWithoutLabel_IsAccepted()
    {
        var body = Minimal("decision").With("kind", "permission").WithRaw("always_allow_options", """[{"pattern":"Bash(*)"}]""");

        var decision = AssertParses<DecisionEvent>(Parse(body));

        var option = Assert.Single(decision.AlwaysAllowOptions!);
        Assert.Equal("Bash(*)", option.Pattern);
        Assert.Null(option.Label);
    }

    [Theory]
    [InlineData("permission", "")]
    [InlineData("permission", "   ")]
    [InlineData("permission", "\t\n")]
    [InlineData("approval", "")]
    [InlineData("question", " ")]
    public void Parse_PermissionBlank_ErrorNamesPermission(string kind, string permission)
    {
        var result = Parse(Minimal("decision").With("kind", kind).With("permission", permission));

        AssertFailsNaming(result, "permission");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parse_PermissionAbsentOrNull_IsAccepted(bool explicitNull)
    {
        var body = Minimal("decision").With("kind", "permission");
        if (explicitNull)
        {
            body.With("permission", null);
        }

        Assert.Null(AssertParses<DecisionEvent>(Parse(body)).Permission);
    }

    [Theory]
    [InlineData("Allow: ")]
    [InlineData("Allow:   ")]
    [InlineData("Allow: \t\n")]
    public void Parse_PermissionWithoutPermissionTitledOnlyAllow_ErrorNamesTitle(string title)
    {
        // The title stands in for the subject: without this check "*" would approve a request that names nothing.
        var result = Parse(Minimal("decision").With("kind", "permission").With("title", title));

        AssertFailsNaming(result, "title");
        Assert.Equal("title must not be empty after 'Allow: ' when permission is not given", result.Error);
    }

    [Theory]
    [InlineData("permission", "Allow: ", "Bash(ls)")]
    [InlineData("permission", "Allow:", null)]
    [InlineData("permission", "Allow:  x", null)]
    [InlineData("approval", "Allow: ", null)]
    [InlineData("question", "Allow:   ", null)]
    public void Parse_TitleOnlyAllowButSubjectNotNeededOrNotBlank_IsAccepted(string kind, string title, string? permission)
    {
        var body = Minimal("decision").With("kind", kind).With("title", title);
        if (permission is not null)
        {
            body.With("permission", permission);
        }

        Assert.Equal(title, AssertParses<DecisionEvent>(Parse(body)).Title);
    }

    [Fact]
    public void Parse_DescriptionMissing_ErrorNamesDescription()
    {
        var result = Parse("""{"type":"decision","title":"t","kind":"question"}""");

        AssertFailsNaming(result, "description");
    }
}
