using Nod.Model;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>The contract of <see cref="IMessageStore"/> and of message writes.</summary>
public abstract class MessageStoreConformance : StoreConformanceBase
{
    [Fact]
    public async Task GetAsync_UnknownMessage_ReturnsNull()
    {
        Assert.Null(await Store.Messages.GetAsync("msg_ffffffffffffffff").WithTimeout());
    }

    [Fact]
    public void NewMessageId_ManyIds_AreWellFormedAndNeverRepeat()
    {
        var ids = Enumerable.Range(0, 5_000).Select(_ => Store.Messages.NewMessageId()).ToList();

        Assert.All(ids, id => Assert.Matches("^msg_[0-9a-f]{16}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task NewMessageId_MessagesWrittenUnderMintedIds_AreFoundByThem()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var messages = Enumerable.Range(0, 3).Select(i => Data.MinimalMessage(conversation, $"m{i}") with { Id = Store.Messages.NewMessageId() }).ToList();

        await CommitOkAsync(s => messages.ForEach(s.AddMessage));

        foreach (var message in messages)
        {
            Assert.Equal(message.Text, (await Store.Messages.GetAsync(message.Id).WithTimeout())?.Text);
        }

        Assert.Equal(["m2", "m1", "m0"], (await Store.Messages.GetPageAsync(conversation.Id, null, 50).WithTimeout()).Select(m => m.Text));
    }

    [Fact]
    public async Task GetAsync_IdSpelledDifferently_IsNotFound()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var message = Data.MinimalMessage(conversation) with { Id = Store.Messages.NewMessageId() };
        await CommitOkAsync(s => s.AddMessage(message));

        Assert.Null(await Store.Messages.GetAsync(message.Id.ToUpperInvariant()).WithTimeout());
        Assert.Null(await Store.Messages.GetAsync(message.Id[..^1]).WithTimeout());
        Assert.Null(await Store.Messages.GetAsync("conv_" + message.Id[4..]).WithTimeout());
    }

    [Fact]
    public async Task GetPageAsync_UnknownConversation_ReturnsNothing()
    {
        Assert.Empty(await Store.Messages.GetPageAsync("conv_ffffffffffffffff", null, 50).WithTimeout());
    }

    [Fact]
    public async Task AddMessage_EveryFieldSet_RoundTripsWithSeqOfItsEvent()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var message = Data.Message(conversation);

        var set = await CommitOkAsync(s => s.AddMessage(message));

        var seq = Assert.Single(set.Events).Seq;
        var expected = message with { Seq = seq };
        StoreAssert.EveryPropertySet(expected);
        var stored = await Store.Messages.GetAsync(message.Id).WithTimeout();
        StoreAssert.Same(expected, stored);
        StoreAssert.Utc(stored!.CreatedAt);
        StoreAssert.Same(new[] { expected }, await Store.Messages.GetPageAsync(conversation.Id, null, 50).WithTimeout());
    }

    [Fact]
    public async Task AddMessage_OptionalFieldsNull_RoundTripsNulls()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var message = Data.MinimalMessage(conversation);

        var set = await CommitOkAsync(s => s.AddMessage(message));

        var expected = message with { Seq = set.Events[0].Seq };
        var stored = await Store.Messages.GetAsync(message.Id).WithTimeout();
        StoreAssert.Same(expected, stored);
        Assert.Null(stored!.Text);
        Assert.Null(stored.ImageUrls);
        Assert.Null(stored.SenderId);
        Assert.Equal(MessageSender.Agent, stored.Sender);
    }

    [Fact]
    public async Task AddMessage_AnnouncingEvent_CarriesTheStampedMessage()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var message = Data.Message(conversation);

        await CommitOkAsync(s => s.AddMessage(message));

        var stored = await Store.Messages.GetAsync(message.Id).WithTimeout();
        var e = Assert.Single(await EventsAsync(EventAudience.App, conversation.AgentId));
        Assert.Equal(MessageCreatedFrame.TypeName, e.Type);
        Assert.Equal(e.Seq, stored!.Seq);
        var frame = Assert.IsType<MessageCreatedFrame>(e.Frame);
        Assert.Equal(e.Seq, frame.Seq);
        Assert.Equal(e.Seq, frame.Message.Seq);
        Assert.Equal(message.Id, frame.Message.Id);
    }

    [Fact]
    public async Task GetPageAsync_NoBefore_ReturnsAllNewestFirst()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var written = await AddMessagesAsync(conversation, 5);

        var page = await Store.Messages.GetPageAsync(conversation.Id, null, 50).WithTimeout();

        StoreAssert.Same(written.AsEnumerable().Reverse(), page);
    }

    [Fact]
    public async Task GetPageAsync_Limit_ReturnsTheNewestOnes()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var written = await AddMessagesAsync(conversation, 5);

        var page = await Store.Messages.GetPageAsync(conversation.Id, null, 2).WithTimeout();

        StoreAssert.Same(new[] { written[4], written[3] }, page);
    }

    [Fact]
    public async Task GetPageAsync_Before_OnlySmallerSeqNewestFirstAndExclusive()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var written = await AddMessagesAsync(conversation, 5);

        var page = await Store.Messages.GetPageAsync(conversation.Id, written[3].Seq, 50).WithTimeout();
        var limited = await Store.Messages.GetPageAsync(conversation.Id, written[3].Seq, 2).WithTimeout();
        var betweenSeqs = await Store.Messages.GetPageAsync(conversation.Id, written[3].Seq + 1, 1).WithTimeout();

        StoreAssert.Same(new[] { written[2], written[1], written[0] }, page);
        StoreAssert.Same(new[] { written[2], written[1] }, limited);
        StoreAssert.Same(new[] { written[3] }, betweenSeqs);
    }

    [Fact]
    public async Task GetPageAsync_BeforeTheFirstMessage_ReturnsNothing()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var written = await AddMessagesAsync(conversation, 3);

        Assert.Empty(await Store.Messages.GetPageAsync(conversation.Id, written[0].Seq, 50).WithTimeout());
        Assert.Empty(await Store.Messages.GetPageAsync(conversation.Id, 0, 50).WithTimeout());
    }

    [Fact]
    public async Task GetPageAsync_BeforeAboveHead_ReturnsNewestFirst()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var written = await AddMessagesAsync(conversation, 3);

        var page = await Store.Messages.GetPageAsync(conversation.Id, long.MaxValue, 50).WithTimeout();

        StoreAssert.Same(written.AsEnumerable().Reverse(), page);
    }

    [Fact]
    public async Task GetPageAsync_PagingWithLastSeqAsBefore_VisitsEveryMessageOnceInOrder()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var written = await AddMessagesAsync(conversation, 11);

        var visited = new List<Message>();
        long? before = null;
        while (true)
        {
            var page = await Store.Messages.GetPageAsync(conversation.Id, before, 3).WithTimeout();
            Assert.True(page.Count <= 3);
            if (page.Count == 0)
            {
                break;
            }

            visited.AddRange(page);
            before = page[^1].Seq;
        }

        StoreAssert.Same(written.AsEnumerable().Reverse(), visited);
    }

    [Fact]
    public async Task GetPageAsync_InterleavedConversationsAndEvents_OnlyThatConversationBySeq()
    {
        var (agent, mine) = await AgentWithConversationAsync();
        var other = Data.Conversation(agent.Id);
        var (_, foreign) = await AgentWithConversationAsync();
        await CommitOkAsync(s => s.PutConversation(other));
        var expected = new List<Message>();
        for (var i = 0; i < 4; i++)
        {
            var m = Data.MinimalMessage(mine, $"mine {i}");
            var set = await CommitOkAsync(s =>
            {
                s.AddMessage(Data.MinimalMessage(other, $"other {i}"));
                s.AppendStatus(agent.Id, true, Data.Now());
                s.AddMessage(m);
                s.AddMessage(Data.MinimalMessage(foreign, $"foreign {i}"));
                s.AddActivity(Data.MinimalActivity(agent.Id));
            });
            expected.Add(m with { Seq = set.Events[2].Seq });
        }

        var page = await Store.Messages.GetPageAsync(mine.Id, null, 50).WithTimeout();
        var second = await Store.Messages.GetPageAsync(mine.Id, expected[2].Seq, 1).WithTimeout();

        StoreAssert.Same(expected.AsEnumerable().Reverse(), page);
        StoreAssert.Same(new[] { expected[1] }, second);
        Assert.Equal(4, (await Store.Messages.GetPageAsync(other.Id, null, 50).WithTimeout()).Count);
        Assert.Equal(4, (await Store.Messages.GetPageAsync(foreign.Id, null, 50).WithTimeout()).Count);
    }

    [Fact]
    public async Task AddMessage_SeveralInOneSet_EachGetsItsOwnEventSeq()
    {
        var (_, conversation) = await AgentWithConversationAsync();
        var messages = new[] { Data.MinimalMessage(conversation, "a"), Data.Message(conversation), Data.MinimalMessage(conversation, "c") };

        var set = await CommitOkAsync(s =>
        {
            foreach (var m in messages)
            {
                s.AddMessage(m);
            }
        });

        var expected = messages.Select((m, i) => m with { Seq = set.Events[i].Seq }).ToArray();
        StoreAssert.StrictlyIncreasing(expected.Select(m => m.Seq));
        StoreAssert.Same(expected.AsEnumerable().Reverse(), await Store.Messages.GetPageAsync(conversation.Id, null, 50).WithTimeout());
        foreach (var m in expected)
        {
            StoreAssert.Same(m, await Store.Messages.GetAsync(m.Id).WithTimeout());
        }
    }

    /// <summary>Adds <paramref name="count"/> messages, one commit each; returns them as stored (with their seq), oldest first.</summary>
    protected async Task<IReadOnlyList<Message>> AddMessagesAsync(ConversationRecord conversation, int count)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var written = new List<Message>();
        for (var i = 0; i < count; i++)
        {
            var message = i % 2 == 0 ? Data.MinimalMessage(conversation, $"message {i}") : Data.Message(conversation);
            var set = await CommitOkAsync(s => s.AddMessage(message));
            written.Add(message with { Seq = set.Events[0].Seq });
        }

        return written;
    }
}
