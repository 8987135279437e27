namespace Nod.Storage.LiteDb.Internal;

/// <summary>
/// Keeps other processes off the database file for the store's lifetime. LiteDB's direct mode takes only shared locks
/// on Linux, so two processes could open one file and corrupt it: the store holds an exclusive lock on a lock file
/// beside it (<c>nod.db.lock</c>), and before that makes sure no other process has the database itself open.
/// </summary>
/// <remarks>The lock file stays after the store closes: deleting it would race with a host that is opening it.</remarks>
internal sealed class DatabaseFileLock : IDisposable
{
    private readonly FileStream _lock;

    private DatabaseFileLock(FileStream lockFile) => _lock = lockFile;

    /// <summary>The lock file of <paramref name="databasePath"/>.</summary>
    public static string LockPathOf(string databasePath) => databasePath + ".lock";

    /// <summary>Takes the lock, or throws a <see cref="LiteDbStoreException"/> naming the path.</summary>
    public static DatabaseFileLock Acquire(string databasePath)
    {
        var lockPath = LockPathOf(databasePath);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw Locked(databasePath, $"its lock file '{lockPath}' is held", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new LiteDbStoreException(
                databasePath, $"The LiteDB database '{databasePath}' cannot be locked: its lock file '{lockPath}' cannot be created or opened for writing ({ex.Message}).", ex);
        }

        try
        {
            EnsureNobodyElseHasItOpen(databasePath);
            return new DatabaseFileLock(lockFile);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    public void Dispose() => _lock.Dispose();

    private static void EnsureNobodyElseHasItOpen(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return;
        }

        try
        {
            // FileShare.None fails while any other process holds the file open with a lock (LiteDB does, in any mode).
            using var probe = new FileStream(databasePath, FileMode.Open, FileAccess.Read, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw Locked(databasePath, "another process has it open", ex);
        }
    }

    private static LiteDbStoreException Locked(string databasePath, string why, Exception inner) => new(
        databasePath,
        $"The LiteDB database '{databasePath}' is locked by another process ({why}): stop the other host, or give this one another file. {inner.Message}",
        inner);
}
