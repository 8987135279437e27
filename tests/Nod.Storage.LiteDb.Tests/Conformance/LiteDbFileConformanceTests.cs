using Nod.Storage.Conformance;
using Nod.Storage.LiteDb.Tests.Infrastructure;

namespace Nod.Storage.LiteDb.Tests.Conformance;

// The LiteDB store on a temp file against every conformance class, the durable tier (dispose and reopen the same
// file) included. Each test gets its own directory, deleted afterwards.

public sealed class LiteDbFileAgentStoreTests : AgentStoreConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileConversationStoreTests : ConversationStoreConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileMessageStoreTests : MessageStoreConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileDecisionStoreTests : DecisionStoreConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileRuleStoreTests : RuleStoreConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileActivityStoreTests : ActivityStoreConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileEventLogTests : EventLogConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileIdempotencyStoreTests : IdempotencyStoreConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileTaskStoreTests : TaskStoreConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileDeliveryStoreTests : DeliveryStoreConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileCommitTests : CommitConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileStoreModelTests : StoreModelConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    // Every generated case opens a new file: fewer cases than in memory keep the run short.
    protected override int ModelRuns => 60;

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileLongIdTests : LongIdConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    public void Dispose() => _files.Dispose();
}

public sealed class LiteDbFileDurableTests : DurableStoreConformance, IDisposable
{
    private readonly LiteDbFiles _files = new();

    protected override Task<INodStore> CreateStoreAsync() => _files.CreateAsync();

    protected override Task<INodStore> ReopenAsync(INodStore disposedStore) => _files.ReopenAsync(disposedStore);

    public void Dispose() => _files.Dispose();
}

/// <summary>Stores on files of one temp directory, remembering which file each store is on.</summary>
internal sealed class LiteDbFiles : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Dictionary<INodStore, string> _paths = [];

    public async Task<INodStore> CreateAsync()
    {
        var path = _directory.NewDatabase();
        var store = await LiteDbStores.OnFileAsync(path);
        lock (_paths)
        {
            _paths[store] = path;
        }

        return store;
    }

    public async Task<INodStore> ReopenAsync(INodStore disposedStore)
    {
        string path;
        lock (_paths)
        {
            path = _paths[disposedStore];
        }

        var store = await LiteDbStores.OnFileAsync(path);
        lock (_paths)
        {
            _paths[store] = path;
        }

        return store;
    }

    public void Dispose() => _directory.Dispose();
}
