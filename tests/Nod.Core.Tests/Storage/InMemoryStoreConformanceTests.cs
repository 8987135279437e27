using Nod.Storage;
using Nod.Storage.Conformance;
using Nod.Storage.InMemory;

namespace Nod.Core.Tests.Storage;

// The in-memory store against every conformance class but the durable tier (it forgets everything on dispose).

public sealed class InMemoryAgentStoreTests : AgentStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryConversationStoreTests : ConversationStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryMessageStoreTests : MessageStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryDecisionStoreTests : DecisionStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryRuleStoreTests : RuleStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryActivityStoreTests : ActivityStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryEventLogTests : EventLogConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryCommitTests : CommitConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryStoreModelTests : StoreModelConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

internal static class InMemoryStores
{
    public static async Task<INodStore> CreateAsync()
    {
        var store = new InMemoryNodStore();
        await store.InitializeAsync().WithTimeout();
        return store;
    }
}

public sealed class InMemoryIdempotencyStoreTests : IdempotencyStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryTaskStoreTests : TaskStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryDeliveryStoreTests : DeliveryStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryLongIdTests : LongIdConformance
{
    protected override Task<INodStore> CreateStoreAsync() => InMemoryStores.CreateAsync();
}
