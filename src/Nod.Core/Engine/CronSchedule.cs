using Cronos;

namespace Nod.Engine;

/// <summary>
/// A 5-field cron expression with the POSIX rule for days: when both day-of-month and day-of-week are restricted
/// (neither is <c>*</c> or <c>?</c>), a day matches if <b>either</b> does — <c>0 9 1 * 1</c> is the 1st and every
/// Monday. Cronos on its own requires both, so such a schedule is two expressions, one per day field, and the next
/// occurrence is the earlier of theirs.
/// </summary>
internal sealed class CronSchedule
{
    private static readonly DateTimeOffset CalendarStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly CronExpression _days;
    private readonly CronExpression? _weekDays;

    private CronSchedule(CronExpression days, CronExpression? weekDays)
    {
        _days = days;
        _weekDays = weekDays;
    }

    /// <summary>Whether the schedule names a day that exists (not <c>0 0 30 2 *</c>): checked once, when it is given.</summary>
    public bool Occurs => Next(CalendarStart, TimeZoneInfo.Utc) is not null;

    /// <summary>
    /// The schedule, or <see langword="null"/> unless <paramref name="text"/> is exactly five fields that Cronos reads (so
    /// no macros such as <c>@daily</c>).
    /// </summary>
    public static CronSchedule? TryParse(string text)
    {
        var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || Expression(fields) is not { } all)
        {
            return null;
        }

        if (!Restricted(fields[2]) || !Restricted(fields[4]))
        {
            return new CronSchedule(all, null);
        }

        // Both day fields parse (the whole expression did), so each half does too.
        return new CronSchedule(Expression([.. fields[..4], "*"])!, Expression([.. fields[..2], "*", fields[3], fields[4]])!);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> in <paramref name="zone"/> (gaps and overlaps as Cronos resolves them).</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        var byDay = _days.GetNextOccurrence(after, zone, inclusive: false);
        var byWeekDay = _weekDays?.GetNextOccurrence(after, zone, inclusive: false);
        return byWeekDay is null || (byDay is not null && byDay <= byWeekDay) ? byDay : byWeekDay;
    }

    private static bool Restricted(string dayField) => dayField[0] is not ('*' or '?');

    private static CronExpression? Expression(string[] fields) =>
        CronExpression.TryParse(string.Join(' ', fields), CronFormat.Standard, out var cron) ? cron : null;
}
