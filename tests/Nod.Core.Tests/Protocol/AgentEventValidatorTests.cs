using System.Text.Json;
using Nod.Model;
using Nod.Protocol;
using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary>
/// <see cref="AgentEventValidator"/> on typed events, as in-process agents build them: the same rules as the wire, the
/// same normalization, errors naming the field.
/// </summary>
public sealed class AgentEventValidatorTests
{
    private readonly AgentEventValidator _validator = new(new NodLimits());

    private static readonly Dictionary<string, Func<AgentEvent>> ValidEvents = new()
    {
        ["message"] = () => new MessageEvent { Text = "hi" },
        ["message with image only"] = () => new MessageEvent { ImageBase64 = PngBase64() },
        ["decision"] = () => new DecisionEvent { Title = "t", Description = "d", Kind = "approval" },
        ["choice"] = () => new DecisionEvent { Title = "t", Description = "d", Kind = "choice", Options = ["a", "b"] },
        ["permission titled only 'Allow: ' with a permission"] = () => new DecisionEvent { Title = "Allow: ", Description = "d", Kind = "permission", Permission = "Bash(ls)" },
        ["approval titled only 'Allow: '"] = () => new DecisionEvent { Title = "Allow: ", Description = "d", Kind = "approval" },
        ["alert"] = () => new AlertEvent { Title = "t" },
        ["processing_start"] = () => new ProcessingEvent { Signal = ProcessingSignal.Start, StatusText = "s" },
        ["processing_stop"] = () => new ProcessingEvent { Signal = ProcessingSignal.Stop },
        ["agent_heartbeat"] = () => new ProcessingEvent { Signal = ProcessingSignal.Heartbeat },
        ["agent_idle"] = () => new ProcessingEvent { Signal = ProcessingSignal.Idle },
        ["status"] = () => new StatusEvent { Action = "started" },
        ["task_proposal"] = () => new TaskProposalEvent { Title = "t", TaskName = "n", TaskPrompt = "p", TaskSchedule = "event" },
        ["ping"] = () => new PingEvent(),
        ["auth"] = () => new AuthEvent { Secret = Secret, After = 0 },

        // A secret or agent_id that cannot match is for the socket to refuse with 4003, not a malformed frame.
        ["auth with a secret too long to match"] = () => new AuthEvent { Secret = new string('x', 500) },
        ["auth with an empty agent id"] = () => new AuthEvent { Secret = Secret, AgentId = "" },
    };

    private static readonly Dictionary<string, (Func<AgentEvent> Build, string Field)> InvalidEvents = new()
    {
        ["message without text"] = (() => new MessageEvent(), "text"),
        ["message with blank text"] = (() => new MessageEvent { Text = " " }, "text"),
        ["message with bad image"] = (() => new MessageEvent { ImageBase64 = "SGVsbG8=" }, "image_base64"),
        ["message with empty conversation"] = (() => new MessageEvent { Text = "x", ConversationId = "" }, "conversation_id"),
        ["message with long report title"] = (() => new MessageEvent { Text = "x", ReportTitle = new string('x', 301) }, "report_title"),
        ["decision without title"] = (() => new DecisionEvent { Description = "d", Kind = "approval" }, "title"),
        ["decision without description"] = (() => new DecisionEvent { Title = "t", Kind = "approval" }, "description"),
        ["decision without kind"] = (() => new DecisionEvent { Title = "t", Description = "d" }, "kind"),
        ["decision with unknown kind"] = (() => new DecisionEvent { Title = "t", Description = "d", Kind = "poll" }, "kind"),
        ["choice without options"] = (() => new DecisionEvent { Title = "t", Description = "d", Kind = "choice" }, "options"),
        ["choice with null option"] = (() => new DecisionEvent { Title = "t", Description = "d", Kind = "choice", Options = ["a", null!] }, "options[1]"),
        ["decision with null always-allow option"] = (() => new DecisionEvent { Title = "t", Description = "d", Kind = "permission", AlwaysAllowOptions = [null!] }, "always_allow_options[0]"),
        ["decision with blank pattern"] = (() => new DecisionEvent { Title = "t", Description = "d", Kind = "permission", AlwaysAllowOptions = [new AlwaysAllowOption("", "l")] }, "always_allow_options[0].pattern"),
        ["permission with empty subject"] = (() => new DecisionEvent { Title = "t", Description = "d", Kind = "permission", Permission = "" }, "permission"),
        ["permission with blank subject"] = (() => new DecisionEvent { Title = "t", Description = "d", Kind = "permission", Permission = "  " }, "permission"),
        ["permission titled only 'Allow: '"] = (() => new DecisionEvent { Title = "Allow: ", Description = "d", Kind = "permission" }, "title"),
        ["permission titled 'Allow: ' and blanks"] = (() => new DecisionEvent { Title = "Allow:   ", Description = "d", Kind = "permission" }, "title"),
        ["decision expiring at once"] = (() => new DecisionEvent { Title = "t", Description = "d", Kind = "approval", ExpiresInS = 0 }, "expires_in_s"),
        ["decision expiring never"] = (() => new DecisionEvent { Title = "t", Description = "d", Kind = "approval", ExpiresInS = double.PositiveInfinity }, "expires_in_s"),
        ["decision expiring NaN"] = (() => new DecisionEvent { Title = "t", Description = "d", Kind = "approval", ExpiresInS = double.NaN }, "expires_in_s"),
        ["alert without title"] = (() => new AlertEvent { Text = "x" }, "title"),
        ["processing with long status text"] = (() => new ProcessingEvent { StatusText = new string('x', 301) }, "status_text"),
        ["status without action"] = (() => new StatusEvent(), "action"),
        ["task proposal without prompt"] = (() => new TaskProposalEvent { Title = "t", TaskName = "n", TaskSchedule = "event" }, "task_prompt"),
        ["task proposal once without run at"] = (() => new TaskProposalEvent { Title = "t", TaskName = "n", TaskPrompt = "p", TaskSchedule = "once" }, "task_run_at"),
        ["task proposal with bad cron"] = (() => new TaskProposalEvent { Title = "t", TaskName = "n", TaskPrompt = "p", TaskSchedule = "* *" }, "task_schedule"),
        ["auth without secret"] = (() => new AuthEvent(), "secret"),
        ["auth after negative"] = (() => new AuthEvent { Secret = Secret, After = -1 }, "after"),
    };

    public static TheoryData<string> ValidCases() => [.. ValidEvents.Keys];

    public static TheoryData<string> InvalidCases() => [.. InvalidEvents.Keys];

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Validate_ValidTypedEvent_ReturnsNull(string name)
    {
        Assert.Null(_validator.Validate(ValidEvents[name]()));
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void EnsureValid_ValidTypedEvent_DoesNotThrow(string name)
    {
        _validator.EnsureValid(ValidEvents[name]());
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_InvalidTypedEvent_ErrorNamesField(string name)
    {
        var (build, field) = InvalidEvents[name];

        AssertNamesField(_validator.Validate(build()), field);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void EnsureValid_InvalidTypedEvent_Throws400NamingField(string name)
    {
        var (build, field) = InvalidEvents[name];

        var ex = Assert.Throws<NodException>(() => _validator.EnsureValid(build()));

        Assert.Equal(NodErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal(400, ex.StatusCode);
        AssertNamesField(ex.Detail, field);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_InvalidTypedEvent_SameVerdictAsTheWire(string name)
    {
        var typed = InvalidEvents[name].Build();
        if (typed is DecisionEvent { ExpiresInS: { } expires } && !double.IsFinite(expires))
        {
            return; // JSON has no NaN or infinity
        }

        var wire = Parse(Write(typed), allowAuth: true);

        Assert.Equal(_validator.Validate(InvalidEvents[name].Build()), wire.Error);
    }

    [Fact]
    public void Validate_MessageWithImage_SetsImageDataUrl()
    {
        var png = PngBase64();
        var message = new MessageEvent { ImageBase64 = "data:image/gif;base64," + png };

        Assert.Null(_validator.Validate(message));

        Assert.Equal("data:image/png;base64," + png, message.ImageDataUrl);
    }

    [Theory]
    [InlineData("approval", DecisionKind.Approval)]
    [InlineData("choice", DecisionKind.Choice)]
    [InlineData("question", DecisionKind.Question)]
    [InlineData("permission", DecisionKind.Permission)]
    public void Validate_Decision_SetsParsedKind(string kind, DecisionKind expected)
    {
        var decision = new DecisionEvent { Title = "t", Description = "d", Kind = kind, Options = ["a"] };

        Assert.Null(_validator.Validate(decision));

        Assert.Equal(expected, decision.ParsedKind);
    }

    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    [InlineData("7", "7")]
    public void Validate_StatusDetails_SetsDetailsText(string raw, string expected)
    {
        using var document = JsonDocument.Parse(raw);
        var status = new StatusEvent { Action = "started", Details = document.RootElement.Clone() };

        Assert.Null(_validator.Validate(status));

        Assert.Equal(expected, status.DetailsText);
    }

    [Fact]
    public void Validate_StatusWithoutDetails_DetailsTextNull()
    {
        var status = new StatusEvent { Action = "started", DetailsText = "stale" };

        Assert.Null(_validator.Validate(status));

        Assert.Null(status.DetailsText);
    }

    [Fact]
    public void Validate_CustomLimits_AreEnforced()
    {
        var validator = new AgentEventValidator(new NodLimits { MaxTitleLength = 3, MaxOptions = 1 });

        AssertNamesField(validator.Validate(new AlertEvent { Title = "abcd" }), "title");
        AssertNamesField(validator.Validate(new DecisionEvent { Title = "t", Description = "d", Kind = "choice", Options = ["a", "b"] }), "options");
        Assert.Null(validator.Validate(new AlertEvent { Title = "abc" }));
    }

    [Fact]
    public void Validate_EventTypeItDoesNotKnow_ErrorNamesTheType()
    {
        var error = _validator.Validate(new StrangeEvent());

        Assert.NotNull(error);
        Assert.Contains("'strange'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _validator.Validate(null!));
    }

    [Fact]
    public void Constructor_NullLimits_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new AgentEventValidator(null!));
    }

    private static string Write(AgentEvent e) =>
        JsonSerializer.Serialize(e, NodJsonContext.Default.GetTypeInfo(e.GetType())!);

    private sealed class StrangeEvent : AgentEvent
    {
        public override string Type => "strange";
    }
}
