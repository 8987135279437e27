using System.Globalization;
using LiteDB;
using LiteDB.Engine;

namespace Nod.Storage.LiteDb.Internal;

/// <summary>Opens the database the options name: checks and opens a file exclusively first, refuses what is not a Nod-usable LiteDB database.</summary>
internal static class DatabaseOpener
{
    /// <summary>Ordinal string ordering: the composite index keys and client-given ids compare byte for byte, case included.</summary>
    public static Collation Ordinal { get; } = new(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);

    public static OpenedDatabase Open(LiteDbStoreOptions options, BsonMapper mapper)
    {
        if (options.Stream is { } stream)
        {
            return OpenStream(stream, mapper);
        }

        var connection = new ConnectionString(options.ConnectionString);
        var settings = new EngineSettings
        {
            Password = connection.Password,
            InitialSize = connection.InitialSize,
            Upgrade = connection.Upgrade,
            AutoRebuild = connection.AutoRebuild,
        };
        if (connection.Filename is ":memory:" or ":temp:")
        {
            settings.Filename = connection.Filename;
            settings.Collation = Ordinal;
            return new OpenedDatabase(Open(settings, mapper, connection.Filename), null, connection.Filename);
        }

        var path = Path.GetFullPath(connection.Filename);
        var files = DatabaseFiles.Open(path, connection.Password is not null);
        try
        {
            settings.DataStream = files.Data;
            settings.LogStream = files.Log;
            settings.Collation = CollationFor(files.Data);
            return new OpenedDatabase(Open(settings, mapper, path), files, path);
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    private static OpenedDatabase OpenStream(Stream stream, BsonMapper mapper)
    {
        const string Location = "the stream of LiteDbStoreOptions.Stream";
        if (DatabaseHeader.Problem(stream, hasPassword: false) is { } problem)
        {
            throw new LiteDbStoreException(Location, $"The LiteDB database in {Location} {problem}; it was left untouched.");
        }

        var settings = new EngineSettings { DataStream = stream, Collation = CollationFor(stream) };
        return new OpenedDatabase(Open(settings, mapper, Location), null, Location);
    }

    /// <summary>
    /// Ordinal for a new database; none (the file's own) for an existing one, which LiteDB would otherwise refuse with
    /// "use Rebuild" before the store can say what it needs.
    /// </summary>
    private static Collation? CollationFor(Stream data) => data.Length == 0 ? Ordinal : null;

    private static LiteDatabase Open(EngineSettings settings, BsonMapper mapper, string location)
    {
        LiteDatabase database;
        try
        {
            database = new LiteDatabase(new LiteEngine(settings), mapper);
        }
#pragma warning disable CA1031 // A damaged file makes LiteDB throw almost anything (a decoder error, an index out of range): each names the path.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new LiteDbStoreException(location, $"The LiteDB database '{location}' could not be opened: {ex.Message}", ex);
        }

        if (database.Collation.SortOptions != CompareOptions.Ordinal)
        {
            var collation = database.Collation.ToString();
            database.Dispose();
            throw new LiteDbStoreException(
                location,
                $"The LiteDB database '{location}' was created with collation '{collation}'; the Nod store needs ordinal ordering (a database Nod created itself, or a new file).");
        }

        return database;
    }
}

/// <summary>An open database, the files the store opened for it (none for a caller's stream or memory), and where it is.</summary>
internal sealed record OpenedDatabase(LiteDatabase Database, DatabaseFiles? Files, string Location);
