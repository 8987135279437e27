using Nod.Model;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Storage.LiteDb.Internal.Readers;

/// <summary><see cref="IConversationStore"/> over the conversations collection.</summary>
internal sealed class ConversationReader(LiteDbNodStore store) : IConversationStore
{
    public ValueTask<ConversationRecord?> GetAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var doc = store.Db.Conversations.FindById(conversationId);
        return ValueTask.FromResult(doc is null ? null : ConversationDocument.To(doc));
    }

    public ValueTask<IReadOnlyList<ConversationRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<ConversationRecord>>([.. store.Db.Conversations.FindAll().Select(ConversationDocument.To)]);
}
