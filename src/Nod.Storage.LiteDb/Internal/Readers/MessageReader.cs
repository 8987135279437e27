using LiteDB;
using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary><see cref="IMessageStore"/>: a page of history is one descending range scan of the (conversation, seq) index.</summary>
internal sealed class MessageReader(LiteDbNodStore store) : IMessageStore
{
    public ValueTask<Message?> GetAsync(string messageId, CancellationToken cancellationToken = default)
    {
        var doc = store.Db.Messages.FindById(messageId);
        return ValueTask.FromResult(doc is null ? null : MessageDocument.To(doc));
    }

    public ValueTask<IReadOnlyList<Message>> GetPageAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (SortKeys.Below(conversationId, beforeSeq) is not var (low, high))
        {
            return ValueTask.FromResult<IReadOnlyList<Message>>([]);
        }

        var page = store.Db.Messages.Query()
            .Where(Query.Between(MessageDocument.ConversationKey, low, high))
            .OrderByDescending(MessageDocument.ConversationKey)
            .Limit(limit)
            .ToEnumerable()
            .Select(MessageDocument.To)
            .ToArray();
        return ValueTask.FromResult<IReadOnlyList<Message>>(page);
    }
}
