namespace Nod.Storage.Conformance;

/// <summary>The contract of <see cref="IConversationStore"/> and of conversation writes.</summary>
public abstract class ConversationStoreConformance : StoreConformanceBase
{
    [Fact]
    public async Task GetAsync_UnknownConversation_ReturnsNull()
    {
        Assert.Null(await Store.Conversations.GetAsync("conv_ffffffffffffffff").WithTimeout());
    }

    [Fact]
    public async Task ListAsync_EmptyStore_ReturnsNothing()
    {
        Assert.Empty(await Store.Conversations.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task PutConversation_EveryFieldSet_RoundTrips()
    {
        var agent = Data.Agent();
        var conversation = Data.Conversation(agent.Id);
        StoreAssert.EveryPropertySet(conversation);

        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutConversation(conversation);
        });

        var stored = await Store.Conversations.GetAsync(conversation.Id).WithTimeout();
        StoreAssert.Same(conversation, stored);
        StoreAssert.Utc(stored!.CreatedAt);
        StoreAssert.Utc(stored.LastMessageAt);
        StoreAssert.Same(new[] { conversation }, await Store.Conversations.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task PutConversation_OptionalFieldsNull_RoundTripsNulls()
    {
        var agent = Data.Agent();
        var conversation = Data.MinimalConversation(agent.Id);

        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutConversation(conversation);
        });

        var stored = await Store.Conversations.GetAsync(conversation.Id).WithTimeout();
        StoreAssert.Same(conversation, stored);
        Assert.Null(stored!.Title);
        Assert.Null(stored.LastMessageAt);
    }

    [Fact]
    public async Task PutConversation_ExistingId_ReplacesWholeRecord()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var replacement = conversation with { Title = null, LastMessageAt = Data.Now() };

        await CommitOkAsync(s => s.PutConversation(replacement));

        StoreAssert.Same(replacement, await Store.Conversations.GetAsync(conversation.Id).WithTimeout());
        StoreAssert.Same(new[] { replacement }, await Store.Conversations.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task PutConversation_SeveralAgents_ListReturnsEachOnce()
    {
        var one = Data.Agent();
        var two = Data.Agent();
        var conversations = new[] { Data.Conversation(one.Id), Data.MinimalConversation(one.Id), Data.Conversation(two.Id) };
        await CommitOkAsync(s =>
        {
            s.PutAgent(one);
            s.PutAgent(two);
            s.PutConversation(conversations[0]);
        });
        await CommitOkAsync(s =>
        {
            s.PutConversation(conversations[1]);
            s.PutConversation(conversations[2]);
        });

        var listed = await Store.Conversations.ListAsync().WithTimeout();

        StoreAssert.Same(conversations.OrderBy(c => c.Id, StringComparer.Ordinal), listed.OrderBy(c => c.Id, StringComparer.Ordinal));
    }
}
