using Nod.Storage.Conformance;
using Nod.Storage.LiteDb.Tests.Infrastructure;

namespace Nod.Storage.LiteDb.Tests.Conformance;

// The LiteDB store on a MemoryStream against every conformance class but the durable tier.

public sealed class LiteDbMemoryAgentStoreTests : AgentStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryConversationStoreTests : ConversationStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryMessageStoreTests : MessageStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryDecisionStoreTests : DecisionStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryRuleStoreTests : RuleStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryActivityStoreTests : ActivityStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryEventLogTests : EventLogConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryIdempotencyStoreTests : IdempotencyStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryTaskStoreTests : TaskStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryDeliveryStoreTests : DeliveryStoreConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryCommitTests : CommitConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryStoreModelTests : StoreModelConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}

public sealed class LiteDbMemoryLongIdTests : LongIdConformance
{
    protected override Task<INodStore> CreateStoreAsync() => LiteDbStores.OnMemoryStreamAsync();
}
