namespace Nod.Storage.LiteDb.Internal;

/// <summary>
/// The database file and its log, opened exclusively by the store and handed to LiteDB as streams (see
/// <see cref="SyncedFileStream"/>). Opening them is where "locked by another process", "cannot be written" and "not a
/// LiteDB database" are found, each reported with the full path; nothing is written before those checks passed.
/// </summary>
internal sealed class DatabaseFiles : IDisposable
{
    private DatabaseFiles(SyncedFileStream data, SyncedFileStream log)
    {
        Data = data;
        Log = log;
    }

    public SyncedFileStream Data { get; }

    public SyncedFileStream Log { get; }

    /// <summary>Opens (or creates) the database at <paramref name="path"/> (full path) and its log.</summary>
    public static DatabaseFiles Open(string path, bool hasPassword)
    {
        DatabaseFileChecks.CheckLocation(path);
        var created = !File.Exists(path);
        var data = OpenExclusive(path, path);
        try
        {
            // Also with Upgrade=true: LiteDB would initialize over a file it does not recognize.
            if (DatabaseHeader.Problem(data, hasPassword) is { } problem)
            {
                throw DatabaseFileChecks.Problem(path, problem + "; it was left untouched");
            }

            var logPath = DatabaseFileChecks.LogPathOf(path);
            var log = new SyncedFileStream(OpenExclusive(path, logPath), syncOnFlush: false);
            return new DatabaseFiles(new SyncedFileStream(data, syncOnFlush: true, syncBeforeWrite: log), log);
        }
        catch
        {
            data.Dispose();

            // A failed start creates nothing: the file this call created (still empty) goes again.
            if (created)
            {
                TryDelete(path);
            }

            throw;
        }
    }

    /// <summary>Closes both files; an empty log file (everything checkpointed) is removed, as LiteDB does.</summary>
    public void Dispose()
    {
        var logPath = Log.Path;
        var logEmpty = Log.Length == 0;
        Log.Dispose();
        Data.Dispose();
        if (logEmpty)
        {
            // Another store may already have opened it; an empty log is harmless.
            TryDelete(logPath);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static FileStream OpenExclusive(string databasePath, string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.RandomAccess);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw DatabaseFileChecks.Problem(databasePath, $"cannot be opened for writing: '{path}' is not writable ({ex.Message})", ex);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
        {
            throw DatabaseFileChecks.Problem(
                databasePath,
                $"is locked by another process: '{path}' is open elsewhere (stop the other host, or give this one another file) ({ex.Message})",
                ex);
        }
    }
}
