using Nod.Storage.Conformance;

namespace Nod.Storage.LiteDb.Tests.Infrastructure;

/// <summary>Opens LiteDB stores for tests: on a memory stream, or on a file.</summary>
public static class LiteDbStores
{
    public static string ConnectionStringFor(string path) => $"Filename={path}";

    /// <summary>A new, initialized store on a new <see cref="MemoryStream"/>.</summary>
    public static async Task<INodStore> OnMemoryStreamAsync()
    {
        var store = new LiteDbNodStore(new LiteDbStoreOptions { Stream = new MemoryStream() });
        await store.InitializeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        return store;
    }

    /// <summary>A new, initialized store on the file at <paramref name="path"/>.</summary>
    public static async Task<INodStore> OnFileAsync(string path)
    {
        var store = new LiteDbNodStore(new LiteDbStoreOptions { ConnectionString = ConnectionStringFor(path) });
        await store.InitializeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        return store;
    }

    /// <summary>A new, initialized store on the file at <paramref name="path"/>, typed (for tests that look inside the file).</summary>
    public static async Task<LiteDbNodStore> OpenFileAsync(string path)
    {
        var store = new LiteDbNodStore(new LiteDbStoreOptions { ConnectionString = ConnectionStringFor(path) });
        await store.InitializeAsync().AsTask().WithTimeout();
        return store;
    }

    /// <summary>Commits one change set built by <paramref name="build"/> and asserts it committed.</summary>
    public static async Task CommitOkAsync(INodStore store, Action<ChangeSet> build)
    {
        var outcomes = await store.CommitAsync([ChangeSets.New(build)]).AsTask().WithTimeout();
        Assert.Equal(CommitStatus.Committed, outcomes[0].Status);
    }
}
