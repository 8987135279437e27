using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nod.Storage.LiteDb.Tests.Infrastructure;

namespace Nod.Storage.LiteDb.Tests.Hosting;

/// <summary>
/// Bad input fails the host's start with an error that names the full path and what is wrong, and nothing is created
/// or overwritten: a missing directory, a file that is not a LiteDB database, a file another process holds, a
/// read-only file, impossible options.
/// </summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Start_DirectoryMissing_ErrorNamesThePathAndNothingIsCreated()
    {
        var missing = Path.Combine(_directory.Path, "no", "such", "dir");
        var path = Path.Combine(missing, "nod.db");

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbTestHost.StartAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Location);
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "no")));
    }

    [Fact]
    public async Task Start_FileIsNotALiteDbDatabase_ErrorNamesThePathAndTheFileIsUntouched()
    {
        var path = _directory.File("notes.db");
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("These are my notes, not a database.\n", 600)));
        await File.WriteAllBytesAsync(path, content);

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbTestHost.StartAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a LiteDB database", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
        Assert.Equal(["notes.db"], Directory.EnumerateFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Start_SmallFileThatIsNotADatabase_Refused()
    {
        var path = _directory.File();
        await File.WriteAllTextAsync(path, "hello");

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbTestHost.StartAsync(path));

        Assert.Contains("not a LiteDB database", error.Message, StringComparison.Ordinal);
        Assert.Equal("hello", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Start_FileIsNotALiteDbDatabaseAndUpgradeIsOn_RefusedAndTheFileIsUntouched()
    {
        var path = _directory.File("notes.db");
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("These are my notes, not a database.\n", 600)));
        await File.WriteAllBytesAsync(path, content).Within();

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => StartAsync(o => o.ConnectionString = $"Filename={path};Upgrade=true"));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a LiteDB database", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(path).Within());
        Assert.Equal(["notes.db"], Directory.EnumerateFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("")]
    [InlineData(";Upgrade=true")]
    public async Task Start_LiteDb4File_RefusedSayingHowToConvertItAndTheFileIsUntouched(string options)
    {
        var path = _directory.File("old.db");

        // What identifies a LiteDB 4 file (format 7): its signature at offset 25 and the version at 52.
        var content = new byte[16384];
        Encoding.ASCII.GetBytes("** This is a LiteDB file **").CopyTo(content, 25);
        content[52] = 7;
        await File.WriteAllBytesAsync(path, content).Within();

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => StartAsync(o => o.ConnectionString = $"Filename={path}{options}"));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("LiteDB 4", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(path).Within());
    }

    [Fact]
    public async Task Start_DatabaseWithADamagedHeaderPage_ErrorNamesThePath()
    {
        var path = _directory.File();
        await (await LiteDbStores.OnFileAsync(path)).DisposeAsync().Within();
        var content = await File.ReadAllBytesAsync(path).Within();

        // The LiteDB signature and format version stay; the rest of the header page is noise that LiteDB fails to
        // decode as a collection name (a DecoderFallbackException, not a LiteException).
        new Random(0).NextBytes(content.AsSpan(100, 8000));
        await File.WriteAllBytesAsync(path, content).Within();

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbTestHost.StartAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Location);
    }

    [Fact]
    public async Task Start_LogPathIsADirectory_ErrorNamesItAndNoDatabaseFileIsCreated()
    {
        var path = _directory.File();
        var log = _directory.File("nod-log.db");
        Directory.CreateDirectory(log);

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbTestHost.StartAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(log, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Start_LiteDbFileWithACultureCollation_RefusedSayingNodNeedsOrdinalAndTheFileIsUntouched()
    {
        var path = _directory.File("host.db");
        using (var database = new LiteDB.LiteDatabase($"Filename={path};Collation=en-US/IgnoreCase"))
        {
            database.GetCollection("things").Insert(new LiteDB.BsonDocument { ["name"] = "the host's own" });
        }

        var before = await File.ReadAllBytesAsync(path).Within();

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbTestHost.StartAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("needs ordinal ordering", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path).Within());
        Assert.Equal(["host.db"], Directory.EnumerateFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Start_FileHeldByAnotherNodProcess_ErrorSaysLockedAndTheOtherKeepsWorking()
    {
        var path = _directory.File();
        await using var other = CrashTargetProcess.Start("hold", path);
        await other.WaitForLineAsync(line => line == "READY");

        // The holder keeps the file exclusively: even reading it is refused, so compare what the file system says.
        var before = (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbTestHost.StartAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("locked by another process", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path)));

        // Once the other process is gone, the file opens.
        other.CloseInput();
        await other.KillAsync();
        await using var host = await LiteDbTestHost.StartAsync(path);
    }

    [Fact]
    public async Task Start_FileLockedByAnotherProgram_ErrorSaysLocked()
    {
        var path = _directory.File();
        await (await LiteDbStores.OnFileAsync(path)).DisposeAsync();
        await using var other = CrashTargetProcess.Start("hold-file", path);
        await other.WaitForLineAsync(line => line == "READY");

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbTestHost.StartAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("locked by another process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ReadOnlyFile_ErrorNamesThePathAndTheFileIsUntouched()
    {
        var path = _directory.File();
        await (await LiteDbStores.OnFileAsync(path)).DisposeAsync();
        var before = await File.ReadAllBytesAsync(path);
        File.SetAttributes(path, FileAttributes.ReadOnly);

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbTestHost.StartAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.False(File.Exists(Path.Combine(_directory.Path, "nod-log.db")));
    }

    [Fact]
    public async Task Start_PathIsADirectory_ErrorNamesIt()
    {
        var path = _directory.File("adir.db");
        Directory.CreateDirectory(path);

        var error = await Assert.ThrowsAsync<LiteDbStoreException>(() => LiteDbTestHost.StartAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "LiteDbStoreOptions.ConnectionString")]
    [InlineData("Filename=nod.db;Connection=shared", "Connection=shared")]
    [InlineData("Filename=nod.db;ReadOnly=true", "ReadOnly=true")]
    [InlineData("Filename=nod.db;Collation=en-US/IgnoreCase", "Collation")]
    [InlineData("Filename=no\0de.db", "LiteDbStoreOptions.ConnectionString")]
    public async Task Start_ImpossibleConnectionString_ValidationNamesTheOption(string connectionString, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(o => o.ConnectionString = connectionString));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1nod")]
    [InlineData("nod-")]
    public async Task Start_ImpossibleCollectionPrefix_ValidationNamesTheOption(string prefix)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(o =>
        {
            o.ConnectionString = LiteDbStores.ConnectionStringFor(_directory.File());
            o.CollectionPrefix = prefix;
        }));

        Assert.Contains("LiteDbStoreOptions.CollectionPrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MaxIdLengthAboveWhatIndexKeysHold_ValidationNamesTheOptionAndNoFileIsCreated()
    {
        var path = _directory.File();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LiteDbTestHost.StartAsync(path, configure: o => o.Limits.MaxIdLength = 500));

        Assert.Contains($"NodOptions.Limits.MaxIdLength must be at most {NodLimits.LargestMaxIdLength} (was 500)", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task UseLiteDb_ActionOverload_UsesTheStreamAndPrefix()
    {
        using var stream = new MemoryStream();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddNod().UseLiteDb(o =>
        {
            o.Stream = stream;
            o.CollectionPrefix = "chat_";
        });
        using (var host = builder.Build())
        {
            await host.StartAsync().Within();
            var alice = host.Services.GetRequiredService<INodClientFactory>().ForUser("alice", "Alice");
            await alice.CreateAgentAsync(new Model.CreateAgentRequest { Name = "Bot" }).Within();
            Assert.IsType<LiteDbNodStore>(host.Services.GetRequiredService<INodStore>());
            await host.StopAsync().Within();
        }

        using var database = new LiteDB.LiteDatabase(stream);
        Assert.Contains("chat_agents", database.GetCollectionNames());
        Assert.Equal(1, database.GetCollection("chat_agents").Count());
    }

    public void Dispose() => _directory.Dispose();

    private static async Task StartAsync(Action<LiteDbStoreOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddNod().UseLiteDb(configure);
        using var host = builder.Build();
        await host.StartAsync().Within();
        await host.StopAsync().Within();
    }
}
