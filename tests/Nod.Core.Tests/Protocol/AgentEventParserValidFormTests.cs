using System.Text.Json;
using Nod.Model;
using Nod.Protocol;
using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §3: the minimal and the full form of every event type parse to the right model with the right values.</summary>
public sealed class AgentEventParserValidFormTests
{
    public static TheoryData<string> AllTypes() => [.. AgentEventSchema.AllTypes];

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Parse_MinimalForm_ParsesToTheTypeItNames(string type)
    {
        var result = Parse(Minimal(type), allowAuth: true);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(type, result.Event!.Type);
    }

    [Fact]
    public void Parse_MinimalMessage_HasTextAndNothingElse()
    {
        var message = AssertParses<MessageEvent>(Parse("""{"type":"message","text":"Hello **there**"}"""));

        Assert.Equal("Hello **there**", message.Text);
        Assert.Null(message.ConversationId);
        Assert.Null(message.ImageBase64);
        Assert.Null(message.ImageDataUrl);
        Assert.Null(message.ReportTitle);
        Assert.Null(message.ReportDescription);
        Assert.Null(message.TaskRunId);
        Assert.Null(message.Ref);
    }

    [Fact]
    public void Parse_FullMessage_HasEveryValue()
    {
        var png = PngBase64();
        var json = $$"""
            {
              "type": "message",
              "text": "Report attached\nline 2 \"quoted\" \u00e9",
              "conversation_id": "{{ConversationId}}",
              "image_base64": "{{png}}",
              "report_title": "Weekly report",
              "report_description": "All green",
              "task_run_id": "{{RunId}}",
              "ref": "m-1"
            }
            """;

        var message = AssertParses<MessageEvent>(Parse(json));

        Assert.Equal("Report attached\nline 2 \"quoted\" é", message.Text);
        Assert.Equal(ConversationId, message.ConversationId);
        Assert.Equal(png, message.ImageBase64);
        Assert.Equal("data:image/png;base64," + png, message.ImageDataUrl);
        Assert.Equal("Weekly report", message.ReportTitle);
        Assert.Equal("All green", message.ReportDescription);
        Assert.Equal(RunId, message.TaskRunId);
        Assert.Equal("m-1", message.Ref);
    }

    [Fact]
    public void Parse_MinimalDecision_HasKindAndNoExtras()
    {
        var decision = AssertParses<DecisionEvent>(Parse("""{"type":"decision","title":"Deploy?","description":"v2","kind":"approval"}"""));

        Assert.Equal("Deploy?", decision.Title);
        Assert.Equal("v2", decision.Description);
        Assert.Equal("approval", decision.Kind);
        Assert.Equal(DecisionKind.Approval, decision.ParsedKind);
        Assert.Null(decision.Options);
        Assert.Null(decision.ConversationId);
        Assert.Null(decision.TaskRunId);
        Assert.Null(decision.AllowsAlways);
        Assert.Null(decision.AlwaysAllowLabel);
        Assert.Null(decision.AlwaysAllowOptions);
        Assert.Null(decision.Permission);
        Assert.Null(decision.ExpiresInS);
    }

    [Fact]
    public void Parse_FullPermissionDecision_HasEveryValue()
    {
        var json = $$"""
            {
              "type": "decision",
              "title": "Allow: Bash(npm install stripe)",
              "description": "Installs the Stripe SDK",
              "kind": "permission",
              "conversation_id": "{{ConversationId}}",
              "task_run_id": "{{RunId}}",
              "allows_always": true,
              "always_allow_label": "Always allow npm installs",
              "always_allow_options": [
                { "pattern": "Bash(npm install *)", "label": "Any npm install" },
                { "pattern": "Bash(npm install stripe)", "label": "Only this one" }
              ],
              "permission": "Bash(npm install stripe)",
              "expires_in_s": 90.5,
              "ref": "d-1"
            }
            """;

        var decision = AssertParses<DecisionEvent>(Parse(json));

        Assert.Equal("Allow: Bash(npm install stripe)", decision.Title);
        Assert.Equal("Installs the Stripe SDK", decision.Description);
        Assert.Equal(DecisionKind.Permission, decision.ParsedKind);
        Assert.Equal(ConversationId, decision.ConversationId);
        Assert.Equal(RunId, decision.TaskRunId);
        Assert.True(decision.AllowsAlways);
        Assert.Equal("Always allow npm installs", decision.AlwaysAllowLabel);
        Assert.Equal(
            new[] { new AlwaysAllowOption("Bash(npm install *)", "Any npm install"), new AlwaysAllowOption("Bash(npm install stripe)", "Only this one") },
            decision.AlwaysAllowOptions!);
        Assert.Equal("Bash(npm install stripe)", decision.Permission);
        Assert.Equal(90.5, decision.ExpiresInS);
        Assert.Equal("d-1", decision.Ref);
    }

    [Fact]
    public void Parse_FullChoiceDecision_KeepsOptionsInOrder()
    {
        var decision = AssertParses<DecisionEvent>(Parse(
            """{"type":"decision","title":"Which plan?","description":"pick","kind":"choice","options":["Basic","Pro","Team"],"conversation_id":null,"allows_always":false}"""));

        Assert.Equal(DecisionKind.Choice, decision.ParsedKind);
        Assert.Equal(new[] { "Basic", "Pro", "Team" }, decision.Options!);
        Assert.Null(decision.ConversationId);
        Assert.False(decision.AllowsAlways);
    }

    [Fact]
    public void Parse_MinimalAlert_HasTitleOnly()
    {
        var alert = AssertParses<AlertEvent>(Parse("""{"type":"alert","title":"Deployed"}"""));

        Assert.Equal("Deployed", alert.Title);
        Assert.Null(alert.Text);
        Assert.Null(alert.TaskRunId);
    }

    [Fact]
    public void Parse_FullAlert_HasEveryValue()
    {
        var alert = AssertParses<AlertEvent>(Parse($$"""{"type":"alert","title":"Deployed","text":"v2 is live","task_run_id":"{{RunId}}","ref":"a-1"}"""));

        Assert.Equal("Deployed", alert.Title);
        Assert.Equal("v2 is live", alert.Text);
        Assert.Equal(RunId, alert.TaskRunId);
        Assert.Equal("a-1", alert.Ref);
    }

    [Theory]
    [InlineData("processing_start", ProcessingSignal.Start)]
    [InlineData("processing_stop", ProcessingSignal.Stop)]
    [InlineData("agent_heartbeat", ProcessingSignal.Heartbeat)]
    [InlineData("agent_idle", ProcessingSignal.Idle)]
    public void Parse_MinimalProcessingEvent_HasSignal(string type, ProcessingSignal signal)
    {
        var e = AssertParses<ProcessingEvent>(Parse($$"""{"type":"{{type}}"}"""));

        Assert.Equal(signal, e.Signal);
        Assert.Equal(type, e.Type);
        Assert.Null(e.ConversationId);
        Assert.Null(e.StatusText);
    }

    [Theory]
    [InlineData("processing_start", ProcessingSignal.Start)]
    [InlineData("agent_heartbeat", ProcessingSignal.Heartbeat)]
    public void Parse_FullProcessingEvent_HasEveryValue(string type, ProcessingSignal signal)
    {
        var e = AssertParses<ProcessingEvent>(Parse($$"""{"type":"{{type}}","conversation_id":"{{ConversationId}}","status_text":"Reading files…","ref":"p-1"}"""));

        Assert.Equal(signal, e.Signal);
        Assert.Equal(type, e.Type);
        Assert.Equal(ConversationId, e.ConversationId);
        Assert.Equal("Reading files…", e.StatusText);
        Assert.Equal("p-1", e.Ref);
    }

    [Theory]
    [InlineData("processing_stop", ProcessingSignal.Stop)]
    [InlineData("agent_idle", ProcessingSignal.Idle)]
    public void Parse_FullStopEvent_HasConversation(string type, ProcessingSignal signal)
    {
        var e = AssertParses<ProcessingEvent>(Parse($$"""{"type":"{{type}}","conversation_id":"{{ConversationId}}"}"""));

        Assert.Equal(signal, e.Signal);
        Assert.Equal(ConversationId, e.ConversationId);
    }

    [Fact]
    public void Parse_MinimalStatus_HasActionAndNoDetails()
    {
        var status = AssertParses<StatusEvent>(Parse("""{"type":"status","action":"started"}"""));

        Assert.Equal("started", status.Action);
        Assert.Null(status.Details);
        Assert.Null(status.DetailsText);
    }

    [Fact]
    public void Parse_FullStatus_HasEveryValue()
    {
        var status = AssertParses<StatusEvent>(Parse("""{"type":"status","action":"stopped","details":"maintenance window","ref":"s-1"}"""));

        Assert.Equal("stopped", status.Action);
        Assert.Equal(JsonValueKind.String, status.Details!.Value.ValueKind);
        Assert.Equal("maintenance window", status.DetailsText);
        Assert.Equal("s-1", status.Ref);
    }

    [Fact]
    public void Parse_MinimalTaskProposal_HasEveryRequiredValue()
    {
        var proposal = AssertParses<TaskProposalEvent>(Parse(
            """{"type":"task_proposal","title":"Daily digest?","task_name":"Digest","task_prompt":"Summarize the inbox","task_schedule":"0 9 * * *"}"""));

        Assert.Equal("Daily digest?", proposal.Title);
        Assert.Equal("Digest", proposal.TaskName);
        Assert.Equal("Summarize the inbox", proposal.TaskPrompt);
        Assert.Equal("0 9 * * *", proposal.TaskSchedule);
        Assert.Null(proposal.TaskRunAt);
        Assert.Null(proposal.TaskTimezone);
    }

    [Fact]
    public void Parse_FullTaskProposal_HasEveryValueAndUtcRunAt()
    {
        var proposal = AssertParses<TaskProposalEvent>(Parse(
            """{"type":"task_proposal","title":"Run once?","task_name":"Migrate","task_prompt":"Migrate the DB","task_schedule":"once","task_run_at":"2026-01-05T10:30:00+01:00","task_timezone":"Europe/Zurich","ref":"t-1"}"""));

        Assert.Equal("once", proposal.TaskSchedule);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero), proposal.TaskRunAt);
        Assert.Equal(TimeSpan.Zero, proposal.TaskRunAt!.Value.Offset);
        Assert.Equal("Europe/Zurich", proposal.TaskTimezone);
        Assert.Equal("t-1", proposal.Ref);
    }

    [Fact]
    public void Parse_Ping_IsPingEvent()
    {
        var ping = AssertParses<PingEvent>(Parse("""{"type":"ping","ref":"k-1"}"""));

        Assert.Equal("ping", ping.Type);
        Assert.Equal("k-1", ping.Ref);
    }

    [Fact]
    public void Parse_MinimalAuth_HasSecret()
    {
        var auth = AssertParses<AuthEvent>(Parse($$"""{"type":"auth","secret":"{{Secret}}"}""", allowAuth: true));

        Assert.Equal(Secret, auth.Secret);
        Assert.Null(auth.AgentId);
        Assert.Null(auth.After);
    }

    [Fact]
    public void Parse_FullAuth_HasEveryValue()
    {
        var auth = AssertParses<AuthEvent>(Parse($$"""{"type":"auth","secret":"{{Secret}}","agent_id":"{{AgentId}}","after":42,"ref":"h-1"}""", allowAuth: true));

        Assert.Equal(Secret, auth.Secret);
        Assert.Equal(AgentId, auth.AgentId);
        Assert.Equal(42, auth.After);
        Assert.Equal("h-1", auth.Ref);
    }

    public static TheoryData<string> RoundTripCases() =>
    [
        """{"type":"message","text":"hi","conversation_id":"conv_1","report_title":"R","report_description":"D","task_run_id":"run_1"}""",
        """{"type":"decision","title":"t","description":"d","kind":"choice","options":["a","b"],"expires_in_s":60}""",
        """{"type":"decision","title":"t","description":"d","kind":"permission","allows_always":true,"always_allow_options":[{"pattern":"p*","label":"l"}],"permission":"p1"}""",
        """{"type":"alert","title":"t","text":"x","task_run_id":"run_1"}""",
        """{"type":"processing_start","conversation_id":"conv_1","status_text":"s"}""",
        """{"type":"processing_stop"}""",
        """{"type":"agent_heartbeat","status_text":"s"}""",
        """{"type":"agent_idle"}""",
        """{"type":"status","action":"started","details":{"version":"1.2"}}""",
        """{"type":"task_proposal","title":"t","task_name":"n","task_prompt":"p","task_schedule":"once","task_run_at":"2026-01-05T09:30:00Z"}""",
        """{"type":"ping"}""",
    ];

    /// <summary>An event the library writes (e.g. an in-process agent's) reads back as the same event.</summary>
    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Parse_SerializedTypedEvent_ReadsBackTheSame(string json)
    {
        var first = Parse(json).Event!;
        var written = Write(first);

        var second = Parse(written).Event;

        Assert.NotNull(second);
        Assert.Equal(first.GetType(), second.GetType());
        Assert.StartsWith("{\"type\":\"" + first.Type + "\"", written, StringComparison.Ordinal);
        Assert.Equal(written, Write(second));
        Assert.DoesNotContain("image_data_url", written, StringComparison.Ordinal);
        Assert.DoesNotContain("parsed_kind", written, StringComparison.Ordinal);
        Assert.DoesNotContain("signal", written, StringComparison.Ordinal);
        Assert.DoesNotContain("details_text", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ref\"", written, StringComparison.Ordinal);
    }

    private static string Write(AgentEvent e) =>
        JsonSerializer.Serialize(e, NodJsonContext.Default.GetTypeInfo(e.GetType())!);
}
