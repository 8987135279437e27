using Microsoft.Extensions.Time.Testing;
using Nod.Deadlines;

namespace Nod.Core.Tests.Deadlines;

/// <summary>The one deadline queue: order, cancellation, compaction, and arming while the clock jumps.</summary>
public sealed class DeadlineQueueTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Deadlines_FireInDueOrderAtTheirInstant_NotBefore()
    {
        var time = new FakeTimeProvider(Start);
        using var queue = new DeadlineQueue(time);
        queue.Start();
        var fired = new List<string>();
        queue.Schedule(Start.AddSeconds(3), () => fired.Add("c"));
        queue.Schedule(Start.AddSeconds(1), () => fired.Add("a"));
        queue.Schedule(Start.AddSeconds(2), () => fired.Add("b"));

        time.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Empty(fired);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["a", "b", "c"], fired);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Cancelled_NeverFires_AndCancelAfterFiringIsFalse()
    {
        var time = new FakeTimeProvider(Start);
        using var queue = new DeadlineQueue(time);
        queue.Start();
        var fired = 0;
        var cancelled = queue.Schedule(Start.AddSeconds(1), () => fired += 100);
        var kept = queue.Schedule(Start.AddSeconds(2), () => fired++);

        Assert.True(cancelled.Cancel());
        Assert.False(cancelled.Cancel());
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(1, fired);
        Assert.False(kept.Cancel());
    }

    [Fact]
    public void ManyArmedAndCancelled_HeapIsCompacted_LiveOnesStillFire()
    {
        var time = new FakeTimeProvider(Start);
        using var queue = new DeadlineQueue(time);
        queue.Start();
        var fired = 0;
        for (var i = 0; i < 10_000; i++)
        {
            queue.Schedule(Start.AddMinutes(1), () => fired += 1000).Cancel();
        }

        queue.Schedule(Start.AddSeconds(30), () => fired++);

        Assert.Equal(1, queue.Count);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void NotStarted_DoesNotFire_UntilStarted()
    {
        var time = new FakeTimeProvider(Start);
        using var queue = new DeadlineQueue(time);
        var fired = new ManualResetEventSlim();
        queue.Schedule(Start.AddSeconds(1), fired.Set);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(fired.IsSet);

        queue.Start();
        Assert.True(fired.Wait(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void ThrowingCallback_IsReported_OthersStillRun()
    {
        var time = new FakeTimeProvider(Start);
        var errors = new List<Exception>();
        using var queue = new DeadlineQueue(time, errors.Add);
        queue.Start();
        var ran = false;
        queue.Schedule(Start.AddSeconds(1), () => throw new InvalidOperationException("boom"));
        queue.Schedule(Start.AddSeconds(1), () => ran = true);

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(ran);
        Assert.IsType<InvalidOperationException>(Assert.Single(errors));
    }

    [Fact]
    public void ClockJumpsWhileArming_TimerIsArmedAgainFromTheNewTime()
    {
        // The clock reads 09:30:00 when the delay is computed, then 09:30:59 right after the timer is armed
        // (another thread advanced it in between): the 60 s timer must be moved to fire 1 s later, not 60.
        var time = new JumpingClock(Start, jumpAfterReads: 1, jump: TimeSpan.FromSeconds(59));
        using var queue = new DeadlineQueue(time);
        queue.Start();

        queue.Schedule(Start.AddSeconds(60), () => { });

        Assert.Equal(TimeSpan.FromSeconds(1), time.Timer.LastDueTime);
    }

    /// <summary>A clock that jumps forward once after a number of reads, with a timer that records how it was armed.</summary>
    private sealed class JumpingClock(DateTimeOffset start, int jumpAfterReads, TimeSpan jump) : TimeProvider
    {
        private int _reads;

        public RecordingTimer Timer { get; } = new();

        public override DateTimeOffset GetUtcNow() => ++_reads > jumpAfterReads ? start + jump : start;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => Timer;
    }

    private sealed class RecordingTimer : ITimer
    {
        public TimeSpan LastDueTime { get; private set; } = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            LastDueTime = dueTime;
            return true;
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
