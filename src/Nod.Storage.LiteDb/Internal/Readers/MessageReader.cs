using LiteDB;
using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary>
/// <see cref="IMessageStore"/>: ids are minted by <see cref="MessageIds"/> and found through their key; a page of history
/// is one descending range scan of the (conversation, seq) index.
/// </summary>
internal sealed class MessageReader(LiteDbNodStore store) : IMessageStore
{
    public string NewMessageId() => store.Db.MessageIds.Next();

    public ValueTask<Message?> GetAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var db = store.Db;

        // Under its key; a document written before keys (or with an id not in the minted form) is under the id.
        var doc = (db.MessageIds.TryGetKey(messageId, out var key) ? db.Messages.FindById(key) : null) ?? db.Messages.FindById(messageId);
        var message = doc is null ? null : MessageDocument.To(doc);
        return ValueTask.FromResult(message?.Id == messageId ? message : null);
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
