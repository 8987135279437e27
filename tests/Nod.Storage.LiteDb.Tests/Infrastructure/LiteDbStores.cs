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
}
