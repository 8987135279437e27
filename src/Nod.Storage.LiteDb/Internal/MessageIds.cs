namespace Nod.Storage.LiteDb.Internal;

/// <summary>
/// Message ids this store can find without an index on them. Each message gets a key that only grows (Unix
/// milliseconds, shifted left 16 bits, plus a counter within the millisecond), and its id is <c>msg_</c> + the key
/// encrypted under the database's secret (<see cref="MessageIdCipher"/>), in 16 lowercase hex digits. Documents are
/// stored under their key, so a message write appends to the end of the collection's primary index instead of
/// re-linking pages all over it, and an id is found by decrypting it.
/// </summary>
/// <remarks>
/// To anyone without the key (it never leaves the database) the ids are as unguessable as ids drawn from the
/// cryptographic RNG, and say nothing about time or order. A key is never handed out twice: minting starts above the
/// largest key already stored, and above the clock.
/// </remarks>
internal sealed class MessageIds : IDisposable
{
    private const string Prefix = "msg_";
    private const int HexDigits = 16;
    private const int CounterBits = 16;
    private readonly MessageIdCipher _cipher;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _lastKey;

    /// <param name="secret">The database's key (<see cref="MessageIdCipher.KeyLength"/> bytes).</param>
    /// <param name="largestStoredKey">The largest key of a stored message (0 when none).</param>
    /// <param name="time">The clock keys start from.</param>
    public MessageIds(byte[] secret, long largestStoredKey, TimeProvider time)
    {
        _cipher = new MessageIdCipher(secret);
        _lastKey = largestStoredKey;
        _time = time;
    }

    /// <summary>A new id, never handed out before by this database.</summary>
    public string Next()
    {
        long key;
        lock (_gate)
        {
            key = Math.Max(checked(_lastKey + 1), _time.GetUtcNow().ToUnixTimeMilliseconds() << CounterBits);
            _lastKey = key;
        }

        return string.Create(Prefix.Length + HexDigits, _cipher.Encrypt((ulong)key), static (chars, value) =>
        {
            Prefix.AsSpan().CopyTo(chars);
            value.TryFormat(chars[Prefix.Length..], out _, "x16", null);
        });
    }

    /// <summary>
    /// The key to store a new message with <paramref name="id"/> under, or <see langword="null"/> to store it under its id:
    /// only a key this database minted (positive, not above the last one handed out). An id from elsewhere — another
    /// database, a host's own change set — decrypts to an arbitrary key that would drag the counter along if stored.
    /// </summary>
    public long? KeyToStoreUnder(string id)
    {
        if (!TryGetKey(id, out var key) || key <= 0)
        {
            return null;
        }

        lock (_gate)
        {
            return key <= _lastKey ? key : null;
        }
    }

    /// <summary>
    /// The key <paramref name="id"/> decrypts to: <see langword="false"/> when the id is not in the minted form
    /// (<c>msg_</c> + 16 lowercase hex). A message may still be stored under its id (see <see cref="KeyToStoreUnder"/>).
    /// </summary>
    public bool TryGetKey(string id, out long key)
    {
        key = 0;
        if (id.Length != Prefix.Length + HexDigits || !id.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        ulong value = 0;
        foreach (var c in id.AsSpan(Prefix.Length))
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)digit;
        }

        key = (long)_cipher.Decrypt(value);
        return true;
    }

    public void Dispose() => _cipher.Dispose();
}
