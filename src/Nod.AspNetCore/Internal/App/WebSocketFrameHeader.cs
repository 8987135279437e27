using System.Buffers.Binary;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// The header of a server's WebSocket frame that carries one whole text message (RFC 6455 §5.2): FIN and the text
/// opcode, no mask (servers never mask), the payload length in the shortest of its three forms.
/// </summary>
internal static class WebSocketFrameHeader
{
    /// <summary>The longest header: 2 bytes and a 64-bit length.</summary>
    public const int MaxLength = 10;

    /// <summary>FIN (the message's last frame) and opcode 1 (text).</summary>
    private const byte FinalText = 0x81;

    /// <summary>How many bytes the header of a payload this long takes.</summary>
    public static int LengthFor(int payloadLength) => payloadLength switch
    {
        <= 125 => 2,
        <= ushort.MaxValue => 4,
        _ => 10,
    };

    /// <summary>Writes the header of a text message of <paramref name="payloadLength"/> bytes; returns its length.</summary>
    public static int WriteText(Span<byte> destination, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        destination[0] = FinalText;
        switch (LengthFor(payloadLength))
        {
            case 2:
                destination[1] = (byte)payloadLength;
                return 2;
            case 4:
                destination[1] = 126;
                BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
                return 4;
            default:
                destination[1] = 127;
                BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
                return 10;
        }
    }
}
