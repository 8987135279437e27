using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads conversations.</summary>
public interface IConversationStore
{
    /// <summary>The conversation, or <see langword="null"/>.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<ConversationRecord?> GetAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Every conversation, in no particular order (read once at start-up).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<ConversationRecord>> ListAsync(CancellationToken cancellationToken = default);
}
