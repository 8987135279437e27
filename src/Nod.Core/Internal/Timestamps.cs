namespace Nod.Internal;

/// <summary>
/// Every timestamp Nod writes is UTC and whole milliseconds, so it survives any store unchanged
/// (LiteDB keeps milliseconds) and prints as ISO-8601 with <c>Z</c>.
/// </summary>
internal static class Timestamps
{
    public static DateTimeOffset Now(TimeProvider time) => Truncate(time.GetUtcNow());

    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
