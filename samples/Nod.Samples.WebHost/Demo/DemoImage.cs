// DEMO ONLY. The picture the demo assistant sends for "image": a small bar chart drawn as a PNG, so the sample ships
// no binary file.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Nod.Samples.WebHost.Demo;

internal static class DemoImage
{
    private const int Width = 320;
    private const int Height = 160;

    private static readonly int[] Bars = [3, 5, 2, 6, 4, 1, 5];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>A 320×160 PNG: seven bars on a light background.</summary>
    public static byte[] BarChart()
    {
        var rows = new byte[(Width * 3 + 1) * Height];
        for (var y = 0; y < Height; y++)
        {
            var row = y * (Width * 3 + 1);
            rows[row] = 0;   // filter: none
            for (var x = 0; x < Width; x++)
            {
                var (r, g, b) = Pixel(x, y);
                rows[row + 1 + x * 3] = r;
                rows[row + 2 + x * 3] = g;
                rows[row + 3 + x * 3] = b;
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8;   // bit depth
        header[9] = 2;   // colour type: RGB
        WriteChunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(rows);
            }

            WriteChunk(png, "IDAT", compressed.ToArray());
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static (byte R, byte G, byte B) Pixel(int x, int y)
    {
        const int left = 20;
        const int baseline = 140;
        const int slot = 40;
        var bar = (x - left) / slot;
        var inBar = x >= left && bar < Bars.Length && (x - left) % slot is >= 8 and < 32;
        if (inBar && y < baseline && y >= baseline - Bars[bar] * 20)
        {
            return bar % 2 == 0 ? ((byte)79, (byte)70, (byte)229) : ((byte)14, (byte)165, (byte)233);
        }

        if (y == baseline || (y < baseline && y % 20 == 0 && x >= left))
        {
            return (226, 232, 240);   // axis and grid lines
        }

        return (248, 250, 252);
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        png.Write(crcBytes);
    }

    private static uint Crc(uint crc, byte[] bytes)
    {
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
