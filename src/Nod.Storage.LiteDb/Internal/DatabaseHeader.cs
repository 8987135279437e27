using System.Text;

namespace Nod.Storage.LiteDb.Internal;

/// <summary>
/// Recognizes a LiteDB 5 database by its first page, before LiteDB is let near it: a file that is not one is refused
/// rather than initialized over.
/// </summary>
internal static class DatabaseHeader
{
    private const int PageSize = 8192;
    private const int InfoOffset = 32;
    private const int VersionOffset = 59;
    private const byte FileVersion = 8;
    private const byte EncryptedMarker = 1;

    // LiteDB 4 (file format 7) kept the same signature at another place.
    private const int V4InfoOffset = 25;
    private const int V4VersionOffset = 52;
    private const byte V4FileVersion = 7;

    private static readonly byte[] Info = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    /// <summary>What is wrong with the content, or <see langword="null"/> when it is empty or a LiteDB 5 database.</summary>
    /// <param name="stream">Readable and seekable; its position is restored.</param>
    /// <param name="hasPassword">Whether the connection string gives a password (the header of an encrypted file is encrypted).</param>
    public static string? Problem(Stream stream, bool hasPassword)
    {
        if (stream.Length == 0)
        {
            return null;
        }

        var page = new byte[PageSize];
        var position = stream.Position;
        int read;
        try
        {
            stream.Position = 0;
            read = stream.ReadAtLeast(page, PageSize, throwOnEndOfStream: false);
        }
        finally
        {
            stream.Position = position;
        }

        if (page[0] == EncryptedMarker)
        {
            return hasPassword ? null : "is encrypted: give its Password in the connection string";
        }

        // The store hands LiteDB streams, and LiteDB upgrades only a file it opens by name: Upgrade=true cannot convert here.
        if (page.AsSpan(V4InfoOffset, Info.Length).SequenceEqual(Info) && page[V4VersionOffset] == V4FileVersion)
        {
            return "is a LiteDB 4 database: convert it to LiteDB 5 first (open it once with LiteDB 5 and Upgrade=true in its connection string)";
        }

        if (read < PageSize || !page.AsSpan(InfoOffset, Info.Length).SequenceEqual(Info))
        {
            return "is not a LiteDB database (its first page has no LiteDB header)";
        }

        return page[VersionOffset] == FileVersion
            ? null
            : $"is a LiteDB database of another format version ({page[VersionOffset]}, expected {FileVersion})";
    }
}
