using System.Net.WebSockets;
using Nod.AspNetCore.Internal;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests.Unit;

/// <summary>The transport under <c>/ws/app</c> sockets: a burst of frames goes out as one write, in order, bounded.</summary>
public sealed class BurstWriteStreamTests
{
    [Fact]
    public async Task OutsideABurst_EachWritePassesStraightThrough()
    {
        var inner = new RecordingStream();
        await using var stream = new BurstWriteStream(inner);

        await stream.WriteAsync("one"u8.ToArray());
        await stream.WriteAsync("two"u8.ToArray());

        Assert.Equal(["one", "two"], inner.Writes);
    }

    [Fact]
    public async Task ABurst_IsHeldAndSentAsOneWrite_InOrder_ThenWritesPassThroughAgain()
    {
        var inner = new RecordingStream();
        await using var stream = new BurstWriteStream(inner);

        stream.BeginBurst();
        await stream.WriteAsync("a"u8.ToArray());
        await stream.WriteAsync("b"u8.ToArray());
        await stream.WriteAsync("c"u8.ToArray());
        Assert.Empty(inner.Writes);

        await stream.EndBurstAsync(CancellationToken.None).Within();
        await stream.WriteAsync("d"u8.ToArray());

        Assert.Equal(["abc", "d"], inner.Writes);
    }

    [Fact]
    public async Task AnEmptyBurst_WritesAndFlushesNothing()
    {
        var inner = new RecordingStream();
        await using var stream = new BurstWriteStream(inner);

        stream.BeginBurst();
        await stream.EndBurstAsync(CancellationToken.None).Within();

        Assert.Empty(inner.Writes);
        Assert.Equal(0, inner.Flushes);
    }

    [Fact]
    public async Task ABurstLargerThanTheLimit_IsSentInParts_NothingLostNothingReordered()
    {
        var inner = new RecordingStream();
        await using var stream = new BurstWriteStream(inner);
        var frame = new string('x', 10_000);

        stream.BeginBurst();
        var sent = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var text = $"{i:D2}{frame}";
            sent.Add(text);
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
        }

        var huge = new string('y', BurstWriteStream.MaxHeldBytes + 1);
        sent.Add(huge);
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(huge));
        await stream.EndBurstAsync(CancellationToken.None).Within();

        Assert.All(inner.Writes, write => Assert.True(write.Length <= BurstWriteStream.MaxHeldBytes || write == huge));
        Assert.Equal(string.Concat(sent), string.Concat(inner.Writes));
        Assert.True(inner.Writes.Count < 21, "frames were grouped");
    }

    [Fact]
    public async Task AWriteFromAnotherThreadWhileTheBurstIsBeingSent_WaitsForIt_NeverInterleaves()
    {
        // The socket's keep-alive ping may be written at any moment; it must not cut into the burst's bytes.
        var inner = new RecordingStream { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var stream = new BurstWriteStream(inner);
        stream.BeginBurst();
        await stream.WriteAsync("frame1"u8.ToArray());
        await stream.WriteAsync("frame2"u8.ToArray());

        var ending = stream.EndBurstAsync(CancellationToken.None);
        var ping = stream.WriteAsync("ping"u8.ToArray()).AsTask();
        Assert.False(ping.IsCompleted);
        inner.Gate.SetResult();
        await Task.WhenAll(ending, ping).Within();

        Assert.Equal(["frame1frame2", "ping"], inner.Writes);
    }

    [Fact]
    public async Task BeginningABurstWhileAPingIsStillBeingWritten_DoesNotWait_AndTheBurstFollowsThePing()
    {
        // The pump begins bursts on a thread it shares with other sockets' pumps: it must never wait there.
        var inner = new RecordingStream { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var stream = new BurstWriteStream(inner);
        var ping = stream.WriteAsync("ping"u8.ToArray()).AsTask();

        await Task.Run(stream.BeginBurst).Within();
        var frames = Task.Run(async () =>
        {
            await stream.WriteAsync("frame1"u8.ToArray());
            await stream.WriteAsync("frame2"u8.ToArray());
            await stream.EndBurstAsync(CancellationToken.None);
        });
        inner.Gate.SetResult();
        await Task.WhenAll(ping, frames).Within();

        Assert.Equal(["ping", "frame1frame2"], inner.Writes);
    }

    [Fact]
    public async Task FlushesDuringABurst_WaitForItsEnd_WhichFlushesOnce()
    {
        var inner = new RecordingStream();
        await using var stream = new BurstWriteStream(inner);
        await stream.FlushAsync();
        Assert.Equal(1, inner.Flushes);

        stream.BeginBurst();
        await stream.WriteAsync("frame1"u8.ToArray());
        await stream.FlushAsync();
        await stream.WriteAsync("frame2"u8.ToArray());
        await stream.FlushAsync();
        Assert.Equal(1, inner.Flushes);

        await stream.EndBurstAsync(CancellationToken.None).Within();
        Assert.Equal(2, inner.Flushes);
        Assert.Equal(["frame1frame2"], inner.Writes);
    }

    [Fact]
    public async Task AFailedWriteOfTheBurst_ReachesTheCaller()
    {
        var inner = new RecordingStream { Fail = true };
        await using var stream = new BurstWriteStream(inner);
        stream.BeginBurst();
        await stream.WriteAsync("frame"u8.ToArray());

        await Assert.ThrowsAsync<IOException>(() => stream.EndBurstAsync(CancellationToken.None)).Within();
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(125, true)]
    [InlineData(126, true)]
    [InlineData(65_535, true)]
    [InlineData(65_536, true)]
    [InlineData(BurstWriteStream.MaxHeldBytes + 1, true)]
    [InlineData(0, false)]
    [InlineData(126, false)]
    [InlineData(70_000, false)]
    public async Task TextFrames_AreTheBytesTheServersWebSocketSends(int payloadLength, bool inBurst)
    {
        var payload = new byte[payloadLength];
        new Random(payloadLength).NextBytes(payload);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)('a' + (payload[i] % 26));
        }

        var expected = new MemoryStream();
        using (var socket = WebSocket.CreateFromStream(expected, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero }))
        {
            await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).Within();
        }

        var inner = new RecordingStream();
        await using var stream = new BurstWriteStream(inner);
        if (inBurst)
        {
            stream.BeginBurst();
        }

        await stream.WriteTextFrameAsync(payload, CancellationToken.None).Within();
        if (inBurst)
        {
            await stream.EndBurstAsync(CancellationToken.None).Within();
        }

        Assert.Equal(expected.ToArray(), inner.Bytes.ToArray());
        Assert.True(inner.Flushes >= 1, "the frame was flushed");
    }

    [Fact]
    public async Task TextFramesAndTheWebSocketsOwnFrames_InOneBurst_ReachTheClientWholeAndInOrder()
    {
        var inner = new RecordingStream();
        await using var stream = new BurstWriteStream(inner);
        using var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        var large = new string('x', BurstWriteStream.MaxHeldBytes - 20);

        stream.BeginBurst();
        await stream.WriteTextFrameAsync("first"u8.ToArray(), CancellationToken.None).Within();
        await server.SendAsync("through the socket"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).Within();
        await stream.WriteTextFrameAsync(System.Text.Encoding.UTF8.GetBytes(large), CancellationToken.None).Within();
        await stream.WriteTextFrameAsync("last"u8.ToArray(), CancellationToken.None).Within();
        await stream.EndBurstAsync(CancellationToken.None).Within();

        Assert.True(inner.Writes.Count is > 1 and < 4, "the full burst was sent in parts, frames grouped");
        using var client = WebSocket.CreateFromStream(new MemoryStream(inner.Bytes.ToArray()), new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero });
        var received = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            received.Add(await ReceiveTextAsync(client));
        }

        Assert.Equal(["first", "through the socket", large, "last"], received);
    }

    private static async Task<string> ReceiveTextAsync(WebSocket client)
    {
        var buffer = new byte[BurstWriteStream.MaxHeldBytes];
        var length = 0;
        ValueWebSocketReceiveResult received;
        do
        {
            received = await client.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).Within();
            length += received.Count;
        }
        while (!received.EndOfMessage);

        Assert.Equal(WebSocketMessageType.Text, received.MessageType);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>Records each write as one string; can hold writes back on a gate, or fail them.</summary>
    private sealed class RecordingStream : Stream
    {
        public List<string> Writes { get; } = [];

        /// <summary>Every byte written, in order.</summary>
        public MemoryStream Bytes { get; } = new();

        public TaskCompletionSource? Gate { get; init; }

        public bool Fail { get; init; }

        public int Flushes { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var text = System.Text.Encoding.UTF8.GetString(buffer.Span);
            if (Gate is { } gate)
            {
                await gate.Task;
            }

            if (Fail)
            {
                throw new IOException("connection reset");
            }

            lock (Writes)
            {
                Writes.Add(text);
                Bytes.Write(buffer.Span);
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => 0;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }
}
