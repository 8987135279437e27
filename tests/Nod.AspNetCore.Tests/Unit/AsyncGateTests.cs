using Nod.AspNetCore.Internal;

namespace Nod.AspNetCore.Tests.Unit;

/// <summary>The gate every app socket sends through: one holder at a time, waiters get in, a canceled waiter leaves no trace.</summary>
public sealed class AsyncGateTests
{
    [Fact]
    public async Task ManyTasksEnteringAtOnce_OneHoldsTheGateAtATime_AndEveryEnterGetsIn()
    {
        const int Tasks = 8;
        const int EntersEach = 2_000;
        using var gate = new AsyncGate();
        var inside = 0;
        var mostInside = 0;
        var entered = 0;

        var running = Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < EntersEach; i++)
            {
                await gate.EnterAsync();
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref mostInside, now);

                // Not atomic on purpose: only the gate keeps it exact.
                entered++;
                if (i % 7 == t % 7)
                {
                    // Holding across an await makes the others park and be woken.
                    await Task.Yield();
                }

                Interlocked.Decrement(ref inside);
                gate.Exit();
            }
        })).ToList();
        await Task.WhenAll(running).Within();

        Assert.Equal(1, mostInside);
        Assert.Equal(Tasks * EntersEach, entered);
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task TryEnter_WhileHeld_IsRefused_AndAWaiterGetsInWhenTheHolderExits()
    {
        using var gate = new AsyncGate();
        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());

        var waiting = gate.EnterAsync().AsTask();
        Assert.False(waiting.IsCompleted);

        gate.Exit();
        await waiting.Within();
        Assert.False(gate.TryEnter());
        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task AWaiterThatIsCanceled_DoesNotEnter_AndTheGateStaysExact()
    {
        using var gate = new AsyncGate();
        using var cancel = new CancellationTokenSource();
        Assert.True(gate.TryEnter());
        var canceled = gate.EnterAsync(cancel.Token).AsTask();
        var waiting = gate.EnterAsync().AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled.Within());
        Assert.False(waiting.IsCompleted);

        // The exit wakes the waiter that is left; it holds the gate alone.
        gate.Exit();
        await waiting.Within();
        Assert.False(gate.TryEnter());

        // The canceled waiter's wake-up, if one is left over, lets nobody in beside a holder.
        var next = gate.EnterAsync().AsTask();
        var afterThat = gate.EnterAsync().AsTask();
        await Task.Yield();
        Assert.False(next.IsCompleted && afterThat.IsCompleted);
        gate.Exit();
        await Task.WhenAny(next, afterThat).Within();
        Assert.False(next.IsCompleted && afterThat.IsCompleted);
        gate.Exit();
        await Task.WhenAll(next, afterThat).Within();
        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task EnterWithATokenAlreadyCanceled_WhileHeld_IsCanceledAtOnce()
    {
        using var gate = new AsyncGate();
        Assert.True(gate.TryEnter());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.EnterAsync(new CancellationToken(canceled: true)).AsTask().Within());

        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
