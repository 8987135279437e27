using Microsoft.Extensions.Time.Testing;
using Nod.Deadlines;

namespace Nod.Core.Tests.Deadlines;

/// <summary>
/// Deadlines further away than a system timer can wait (about 49.7 days: a yearly cron task, a <c>once</c> task months
/// ahead) are armed without failing and fire at their instant.
/// </summary>
public sealed class FarDeadlineTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void DeadlineBeyondTheSystemTimerRange_IsArmed_AndFiresAtItsInstant()
    {
        var time = new SystemLikeTimers(Start);
        using var queue = new DeadlineQueue(time);
        queue.Start();
        var fired = 0;

        queue.Schedule(Start.AddDays(200), () => fired++);

        time.Advance(TimeSpan.FromDays(200) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, fired);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void OnlyAFarDeadlineLeft_AfterANearOneFired_IsArmedAgain_AndFires()
    {
        var time = new SystemLikeTimers(Start);
        using var queue = new DeadlineQueue(time);
        queue.Start();
        var fired = new List<string>();
        queue.Schedule(Start.AddHours(1), () => fired.Add("near"));
        queue.Schedule(Start.AddDays(365), () => fired.Add("far"));

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(["near"], fired);
        time.Advance(TimeSpan.FromDays(365) - TimeSpan.FromHours(1));
        Assert.Equal(["near", "far"], fired);
    }

    /// <summary>Fake time whose timers refuse due times a <see cref="TimeProvider.System"/> timer refuses.</summary>
    private sealed class SystemLikeTimers(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private static readonly TimeSpan MaxDueTime = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new CheckedTimer(base.CreateTimer(callback, state, Check(dueTime), Check(period)));

        private static TimeSpan Check(TimeSpan value) =>
            value > MaxDueTime ? throw new ArgumentOutOfRangeException(nameof(value), value, "beyond what a system timer accepts") : value;

        private sealed class CheckedTimer(ITimer inner) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(Check(dueTime), Check(period));

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
