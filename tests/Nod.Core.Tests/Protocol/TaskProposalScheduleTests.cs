using Nod.Protocol;
using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §3 <c>task_proposal</c>: <c>task_schedule</c> is a 5-field cron expression, <c>once</c> + <c>task_run_at</c>, or <c>event</c>.</summary>
public sealed class TaskProposalScheduleTests
{
    [Theory]
    [InlineData("0 9 * * *")]
    [InlineData("*/5 * * * 1-5")]
    [InlineData("0  9 * *  MON")]
    [InlineData("event")]
    public void Parse_CronOrEventSchedule_IsAccepted(string schedule)
    {
        var proposal = AssertParses<TaskProposalEvent>(Parse(Minimal("task_proposal").With("task_schedule", schedule)));

        Assert.Equal(schedule, proposal.TaskSchedule);
    }

    [Fact]
    public void Parse_OnceWithRunAt_IsAccepted()
    {
        var body = Minimal("task_proposal").With("task_schedule", "once").With("task_run_at", "2026-01-05T09:30:00Z");

        var proposal = AssertParses<TaskProposalEvent>(Parse(body));

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero), proposal.TaskRunAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    public void Parse_OnceWithoutRunAt_ErrorNamesTaskRunAt(string? rawRunAt)
    {
        var body = Minimal("task_proposal").With("task_schedule", "once");
        if (rawRunAt is not null)
        {
            body.WithRaw("task_run_at", rawRunAt);
        }

        AssertFailsNaming(Parse(body), "task_run_at");
    }

    [Theory]
    [InlineData("0 9 * *")]
    [InlineData("0 0 9 * * *")]
    [InlineData("daily")]
    [InlineData("Once")]
    [InlineData("@daily")]
    [InlineData("99 99 99 99 99")]
    [InlineData("61 * * * *")]
    public void Parse_ScheduleNeitherCronNorOnceNorEvent_ErrorNamesTaskSchedule(string schedule)
    {
        AssertFailsNaming(Parse(Minimal("task_proposal").With("task_schedule", schedule)), "task_schedule");
    }

    [Theory]
    [InlineData("2026-01-05T09:30:00Z")]
    [InlineData("2026-01-05T10:30:00+01:00")]
    [InlineData("2026-01-05T04:30:00-05:00")]
    [InlineData("2026-01-05T09:30:00.000Z")]
    public void Parse_RunAtWithAnyOffset_IsUtc(string runAt)
    {
        var body = Minimal("task_proposal").With("task_schedule", "once").With("task_run_at", runAt);

        var proposal = AssertParses<TaskProposalEvent>(Parse(body));

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero), proposal.TaskRunAt);
        Assert.Equal(TimeSpan.Zero, proposal.TaskRunAt!.Value.Offset);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("Not a zone")]
    public void Parse_UnknownTimezone_ErrorNamesTaskTimezone(string timezone)
    {
        var result = new AgentEventParser(new NodLimits()).Parse(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"type":"task_proposal","title":"t","task_name":"n","task_prompt":"p","task_schedule":"0 9 * * *","task_timezone":"{{timezone}}"}"""));

        Assert.False(result.IsSuccess);
        Assert.Contains("task_timezone", result.Error, StringComparison.Ordinal);
    }
}
