using Nod.Model;

namespace Nod.Engine;

/// <summary>
/// Task schedules (PROTOCOL §5): 5-field cron in an IANA time zone (<see cref="CronSchedule"/>), <c>once</c> or
/// <c>event</c>.
/// </summary>
internal static class TaskSchedules
{
    public const string Once = "once";
    public const string Event = "event";

    /// <summary>The trigger type of a schedule; 400 naming <paramref name="field"/> unless it is valid cron, once or event.</summary>
    public static TaskTriggerType Parse(string schedule, string field = "schedule") => schedule switch
    {
        Once => TaskTriggerType.Once,
        Event => TaskTriggerType.Event,
        _ => CronSchedule.TryParse(schedule) is { Occurs: true }
            ? TaskTriggerType.Scheduled
            : throw NodException.Invalid($"{field} must be a 5-field cron expression naming days that exist (e.g. '0 9 * * 1-5'), 'once' or 'event' (was '{Truncate(schedule)}')"),
    };

    /// <summary>The time zone; 400 naming <paramref name="field"/> if it is not a known IANA id. <see langword="null"/> means UTC.</summary>
    public static TimeZoneInfo Zone(string? timezone, string field = "timezone")
    {
        if (string.IsNullOrEmpty(timezone))
        {
            return TimeZoneInfo.Utc;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone)
            ? zone
            : throw NodException.Invalid($"{field} '{Truncate(timezone)}' is not a known IANA time zone (e.g. 'Europe/Berlin')");
    }

    /// <summary>
    /// The next cron occurrence of an enabled scheduled task strictly after <paramref name="after"/>, in its time zone
    /// (daylight-saving gaps and overlaps as Cronos resolves them); <see langword="null"/> for any other task.
    /// </summary>
    public static DateTimeOffset? Next(TaskRecord task, DateTimeOffset after) =>
        task is { Enabled: true, TriggerType: TaskTriggerType.Scheduled }
            ? CronSchedule.TryParse(task.Schedule)?.Next(after, Zone(task.Timezone))
            : null;

    private static string Truncate(string value) => value.Length <= 60 ? value : value[..60] + "…";
}
