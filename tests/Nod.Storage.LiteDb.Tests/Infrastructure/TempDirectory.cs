namespace Nod.Storage.LiteDb.Tests.Infrastructure;

/// <summary>A fresh directory under the system temp directory, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nod-litedb-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path in the directory (the file is not created).</summary>
    public string File(string name = "nod.db") => System.IO.Path.Combine(Path, name);

    /// <summary>A new, unused database path in the directory.</summary>
    public string NewDatabase() => File($"nod-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
            {
                System.IO.File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still held by a process being torn down stays in the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
