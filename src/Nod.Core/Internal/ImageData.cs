using System.Buffers;

namespace Nod.Internal;

/// <summary>Turns an agent's <c>image_base64</c> (raw base64 or a data URL) into a checked <c>data:</c> URL.</summary>
internal static class ImageData
{
    /// <summary>
    /// Decodes and checks the image: valid base64, at most <paramref name="maxBytes"/> decoded, and really a PNG, JPEG,
    /// GIF or WebP (by its first bytes, whatever a data URL claims). Returns <see langword="null"/> and the reason otherwise.
    /// </summary>
    public static string? ToDataUrl(string input, int maxBytes, out string? error)
    {
        var base64 = input.AsSpan().Trim();
        if (base64.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = base64.IndexOf(',');
            if (comma < 0 || !base64[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                error = "is a data URL without ';base64,'";
                return null;
            }

            base64 = base64[(comma + 1)..];
        }

        if (base64.IsEmpty)
        {
            error = "is empty";
            return null;
        }

        // Refuse oversized input before decoding anything.
        if ((long)base64.Length * 3 / 4 > maxBytes + 3L)
        {
            error = $"is larger than {maxBytes} bytes decoded";
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((base64.Length * 3 / 4) + 4);
        try
        {
            if (!Convert.TryFromBase64Chars(base64, buffer, out var length))
            {
                error = "is not valid base64";
                return null;
            }

            if (length > maxBytes)
            {
                error = $"is larger than {maxBytes} bytes decoded";
                return null;
            }

            var mime = Sniff(buffer.AsSpan(0, length));
            if (mime is null)
            {
                error = "is not a PNG, JPEG, GIF or WebP image";
                return null;
            }

            error = null;
            var clean = base64.ContainsAny(" \r\n\t") ? Convert.ToBase64String(buffer, 0, length) : base64.ToString();
            return string.Concat("data:", mime, ";base64,", clean);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }
}
