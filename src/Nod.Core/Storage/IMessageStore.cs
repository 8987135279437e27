using Nod.Internal;
using Nod.Model;

namespace Nod.Storage;

/// <summary>Reads messages, and mints the ids of new ones.</summary>
public interface IMessageStore
{
    /// <summary>The id for a new message: <c>msg_</c> + 16 lowercase hex, unguessable, never handed out twice.</summary>
    /// <remarks>
    /// The engine calls this from its single writer thread while it prepares a message, before the message is
    /// committed; an id whose commit fails is never used again. The default draws 64 bits from the cryptographic RNG. A
    /// store may instead mint ids it can find without an index on them, as long as they are as hard to guess: the LiteDB
    /// store encrypts an ever-growing key under a secret kept in the database and stores each message under its key. A
    /// store that wraps another must forward this call (the default would mint ids the inner store has to keep under
    /// the id instead). Synchronous on purpose: it runs inside the engine's command, which must not wait on I/O for it.
    /// </remarks>
    /// <returns>The id.</returns>
    string NewMessageId() => NodIds.Message();

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
