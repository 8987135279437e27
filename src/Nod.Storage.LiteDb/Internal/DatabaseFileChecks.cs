namespace Nod.Storage.LiteDb.Internal;

/// <summary>
/// What must hold before LiteDB opens a file, each failure a <see cref="LiteDbStoreException"/> that names the full path
/// and what is wrong. Nothing here creates or changes a file.
/// </summary>
internal static class DatabaseFileChecks
{
    /// <summary>Before opening: the directory exists, the path is not a directory, the file and its log are not read-only.</summary>
    public static void CheckLocation(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw Problem(path, $"cannot be opened: its directory '{directory}' does not exist (Nod does not create directories)");
        }

        if (Directory.Exists(path))
        {
            throw Problem(path, "is a directory, not a file");
        }

        // Checked by attribute: a process running as root may write to a read-only file anyway.
        if (File.Exists(path) && (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0)
        {
            throw Problem(path, "is read-only: Nod needs to write to it (make it writable, or use another file)");
        }

        var log = LogPathOf(path);
        if (File.Exists(log) && (File.GetAttributes(log) & FileAttributes.ReadOnly) != 0)
        {
            throw Problem(path, $"has a read-only log file '{log}': Nod needs to write to it (make it writable)");
        }
    }

    /// <summary>The log file LiteDB keeps beside <paramref name="path"/> (<c>nod.db</c> → <c>nod-log.db</c>).</summary>
    public static string LogPathOf(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    public static LiteDbStoreException Problem(string path, string what, Exception? inner = null) =>
        new(path, $"The LiteDB database '{path}' {what}.", inner);
}
