using System.Buffers;
using System.Net.WebSockets;

namespace Nod.AspNetCore.Internal;

/// <summary>What <see cref="WebSocketMessageReader.ReceiveAsync"/> got.</summary>
internal enum ReceivedKind
{
    /// <summary>A whole text message, in <see cref="WebSocketMessageReader.Message"/>.</summary>
    Text,

    /// <summary>A whole binary message.</summary>
    Binary,

    /// <summary>The peer's close frame.</summary>
    Close,

    /// <summary>A message over the size limit; its start was read, the rest is still on the wire.</summary>
    TooLarge,
}

/// <summary>
/// Reads whole WebSocket messages into one pooled buffer per socket that grows up to the size limit (plus one byte to
/// tell "too large") and shrinks back after a big message, so an idle socket holds a small buffer.
/// </summary>
internal sealed class WebSocketMessageReader : IDisposable
{
    private const int InitialSize = 16 * 1024;

    private readonly int _maxSize;
    private byte[] _buffer;
    private int _length;

    public WebSocketMessageReader(int maxSize)
    {
        _maxSize = maxSize;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialSize, maxSize + 1));
    }

    /// <summary>The last text or binary message; valid until the next receive.</summary>
    public ReadOnlyMemory<byte> Message => _buffer.AsMemory(0, _length);

    /// <summary>Receives the next whole message, a close frame, or the news that the message is too large.</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="cancellationToken">Aborts the socket when it fires (WebSocket semantics): only for giving up on the peer.</param>
    public async ValueTask<ReceivedKind> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        Shrink();
        _length = 0;
        while (true)
        {
            if (_length == _buffer.Length)
            {
                Grow();
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(_length), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ReceivedKind.Close;
            }

            _length += result.Count;
            if (_length > _maxSize)
            {
                return ReceivedKind.TooLarge;
            }

            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Text ? ReceivedKind.Text : ReceivedKind.Binary;
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Grow()
    {
        var size = (int)Math.Min((long)_buffer.Length * 2, (long)_maxSize + 1);
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void Shrink()
    {
        if (_buffer.Length > 4 * InitialSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialSize, _maxSize + 1));
        }
    }
}
