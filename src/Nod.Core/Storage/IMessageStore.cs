using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads messages.</summary>
public interface IMessageStore
{
    /// <summary>The message, or <see langword="null"/>.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<Message?> GetAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>A page of one conversation's history.</summary>
    /// <remarks>Messages of <paramref name="conversationId"/> with <c>seq</c> below <paramref name="beforeSeq"/> (all when <see langword="null"/>), newest first, at most <paramref name="limit"/>.</remarks>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="beforeSeq">Only messages with a smaller <c>seq</c>, or <see langword="null"/>.</param>
    /// <param name="limit">The most to return (positive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<Message>> GetPageAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken = default);
}
