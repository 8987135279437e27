using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Nod.AspNetCore.Internal;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests.Unit;

/// <summary>How a Nod WebSocket ends: the first close request wins, an abort stops everything, a stalled send drops the socket.</summary>
public sealed class WebSocketLifetimeTests
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void CloseRequests_TheFirstWins_AndStopButDoNotAbort()
    {
        using var lifetime = new WebSocketLifetime(new FakeTimeProvider(), IdleTimeout, () => { }, CancellationToken.None);

        lifetime.RequestClose(WebSocketCloseStatus.PolicyViolation, "first");
        lifetime.RequestClose(WebSocketCloseStatus.NormalClosure, "second");

        Assert.True(lifetime.IsClosing);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, lifetime.CloseStatus);
        Assert.Equal("first", lifetime.CloseReason);
        Assert.False(lifetime.IsAborted);
    }

    [Fact]
    public async Task TheRequestAborting_AbortsAndStops()
    {
        using var request = new CancellationTokenSource();
        using var lifetime = new WebSocketLifetime(new FakeTimeProvider(), IdleTimeout, () => { }, request.Token);

        await request.CancelAsync();

        Assert.True(lifetime.IsAborted);
        Assert.True(lifetime.IsStopping);
        Assert.False(lifetime.IsClosing);
    }

    [Fact]
    public async Task ASendWithoutProgressForTheIdleTimeout_IsReported_DropsTheSocket_AndFailsAsCancelled()
    {
        var time = new FakeTimeProvider();
        var stalled = 0;
        using var lifetime = new WebSocketLifetime(time, IdleTimeout, () => stalled++, CancellationToken.None);
        var send = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var failSend = lifetime.Aborted.Register(() => send.TrySetException(new WebSocketException("aborted")));

        var waiting = lifetime.WithinIdleTimeoutAsync(send.Task);
        time.Advance(IdleTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<OperationCanceledException>(() => waiting).Within();
        Assert.Equal(1, stalled);
        Assert.True(lifetime.IsAborted);
    }

    [Fact]
    public async Task ASendThatCompletesInTime_IsNotReported()
    {
        var time = new FakeTimeProvider();
        var stalled = 0;
        using var lifetime = new WebSocketLifetime(time, IdleTimeout, () => stalled++, CancellationToken.None);

        await lifetime.WithinIdleTimeoutAsync(Task.CompletedTask).Within();
        time.Advance(IdleTimeout * 2);

        Assert.Equal(0, stalled);
        Assert.False(lifetime.IsStopping);
    }

    [Theory]
    [InlineData(typeof(WebSocketException), true)]
    [InlineData(typeof(OperationCanceledException), true)]
    [InlineData(typeof(ObjectDisposedException), true)]
    [InlineData(typeof(IOException), true)]
    [InlineData(typeof(InvalidOperationException), false)]
    public void Disconnects_AreTheExceptionsOfAConnectionGoingAway(Type exceptionType, bool isDisconnect)
    {
        var exception = exceptionType == typeof(ObjectDisposedException)
            ? new ObjectDisposedException("socket")
            : (Exception)Activator.CreateInstance(exceptionType)!;

        Assert.Equal(isDisconnect, WebSocketLifetime.IsDisconnect(exception));
    }
}
