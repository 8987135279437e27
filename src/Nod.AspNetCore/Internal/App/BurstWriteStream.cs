using System.Buffers;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// The transport under a <c>/ws/app</c> socket, able to hold back writes during a burst and send them as one: one agent
/// message is several app frames (<c>message_created</c>, <c>activity_created</c>, …), and one network write for them
/// instead of one per frame halves the sends (and the peer's reads) on the fan-out's hot path.
/// </summary>
/// <remarks>
/// The WebSocket writes whole frames, one at a time; outside a burst they pass straight through. Writes are serialized
/// here as well, because the socket's own keep-alive pings may arrive while a burst is being sent. A burst holds at
/// most <see cref="MaxHeldBytes"/> before it is sent early, in a pooled buffer that is returned once it is sent.
/// </remarks>
internal sealed class BurstWriteStream(Stream inner) : Stream
{
    /// <summary>A burst larger than this is sent in parts: bounded memory per socket.</summary>
    internal const int MaxHeldBytes = 64 * 1024;

    private readonly AsyncGate _writeLock = new();
    private byte[]? _held;
    private int _heldLength;
    private bool _bursting;

    /// <summary>Whether the current burst wrote anything (held or sent early): only then does its end flush.</summary>
    private bool _burstWrote;

    /// <summary>Writes are held from now until <see cref="EndBurstAsync"/>.</summary>
    /// <remarks>
    /// Never waits (the pump calls it where it must not block): a keep-alive ping being written now went out before
    /// the burst; one that comes later is held with the burst's frames, in the order written.
    /// </remarks>
    public void BeginBurst() => Volatile.Write(ref _bursting, true);

    /// <summary>Sends what the burst held, in one write and one flush, and lets writes pass straight through again.</summary>
    /// <param name="cancellationToken">Aborts the write (and with it the connection).</param>
    public async Task EndBurstAsync(CancellationToken cancellationToken)
    {
        await _writeLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Volatile.Write(ref _bursting, false);
            if (_burstWrote)
            {
                _burstWrote = false;
                await SendHeldAsync(cancellationToken).ConfigureAwait(false);

                // The frames' own flushes were skipped during the burst.
                await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    /// <summary>
    /// Writes one whole text message as a server frame, without going through the WebSocket: a server's frame is the
    /// same bytes for every socket (no mask), so an event's payload, serialized once, is framed here straight into the
    /// burst — one copy, no lock of the socket's and no buffer of its own per frame, on the path every event takes to
    /// every socket.
    /// </summary>
    /// <remarks>
    /// Only for the socket's one sender of data frames (the pump), and only while the socket is open: the WebSocket's
    /// own frames (pings, pongs, the close frame) still go through it and reach this stream whole, so frames never
    /// interleave. During a burst the frame is held with the others; outside one (or when larger than a burst holds)
    /// it is written at once, after whatever is held.
    /// </remarks>
    /// <param name="payload">The message's UTF-8 text.</param>
    /// <param name="cancellationToken">Aborts the write (and with it the connection).</param>
    public ValueTask WriteTextFrameAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frameLength = WebSocketFrameHeader.LengthFor(payload.Length) + payload.Length;

        // The common case completes without an await: room in the burst, and no ping being written right now.
        if (Volatile.Read(ref _bursting) && _writeLock.TryEnter())
        {
            try
            {
                if (_heldLength + frameLength <= MaxHeldBytes)
                {
                    HoldFrame(payload.Span);
                    return ValueTask.CompletedTask;
                }
            }
            finally
            {
                _writeLock.Exit();
            }
        }

        return WriteTextFrameSlowAsync(payload, frameLength, cancellationToken);
    }

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Volatile.Read(ref _bursting))
            {
                await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                return;
            }

            _burstWrote = true;
            if (_heldLength + buffer.Length > MaxHeldBytes)
            {
                await SendHeldAsync(cancellationToken).ConfigureAwait(false);
                if (buffer.Length > MaxHeldBytes)
                {
                    await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            _held ??= ArrayPool<byte>.Shared.Rent(MaxHeldBytes);
            buffer.Span.CopyTo(_held.AsSpan(_heldLength));
            _heldLength += buffer.Length;
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    /// <inheritdoc />
    /// <remarks>During a burst there is nothing to flush yet: what is held goes out (and is flushed) when the burst ends.</remarks>
    public override Task FlushAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _bursting) ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override void Flush() => inner.Flush();

    /// <inheritdoc />
    public override bool CanRead => inner.CanRead;

    /// <inheritdoc />
    public override bool CanWrite => inner.CanWrite;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    /// <remarks>A burst still held is dropped with the connection (its pooled buffer is left to the GC: a write may still hold it).</remarks>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary><see cref="WriteTextFrameAsync"/> when the lock is taken, the burst is full, or there is no burst.</summary>
    private async ValueTask WriteTextFrameSlowAsync(ReadOnlyMemory<byte> payload, int frameLength, CancellationToken cancellationToken)
    {
        await _writeLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var bursting = Volatile.Read(ref _bursting);
            if (bursting && frameLength <= MaxHeldBytes)
            {
                if (_heldLength + frameLength > MaxHeldBytes)
                {
                    await SendHeldAsync(cancellationToken).ConfigureAwait(false);
                }

                HoldFrame(payload.Span);
                return;
            }

            // Whatever is held goes first; then the header and the payload as they are (a large payload is not copied).
            await SendHeldAsync(cancellationToken).ConfigureAwait(false);
            var header = new byte[WebSocketFrameHeader.MaxLength];
            var headerLength = WebSocketFrameHeader.WriteText(header, payload.Length);
            await inner.WriteAsync(header.AsMemory(0, headerLength), cancellationToken).ConfigureAwait(false);
            await inner.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            if (bursting)
            {
                _burstWrote = true;
            }
            else
            {
                await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    /// <summary>Appends a whole text frame to the burst (the caller holds the write lock and checked that it fits).</summary>
    private void HoldFrame(ReadOnlySpan<byte> payload)
    {
        _held ??= ArrayPool<byte>.Shared.Rent(MaxHeldBytes);
        var free = _held.AsSpan(_heldLength);
        var headerLength = WebSocketFrameHeader.WriteText(free, payload.Length);
        payload.CopyTo(free[headerLength..]);
        _heldLength += headerLength + payload.Length;
        _burstWrote = true;
    }

    /// <summary>Writes what is held (the caller holds the write lock).</summary>
    private async ValueTask SendHeldAsync(CancellationToken cancellationToken)
    {
        if (_held is not { } held)
        {
            return;
        }

        var length = _heldLength;
        _held = null;
        _heldLength = 0;
        try
        {
            if (length > 0)
            {
                await inner.WriteAsync(held.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(held);
        }
    }
}
