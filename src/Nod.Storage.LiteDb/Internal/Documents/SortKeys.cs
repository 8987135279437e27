using System.Globalization;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Composite index keys "owner, then seq" as strings that sort right under the database's ordinal collation: the
/// owner id, a unit separator (U+001F, which no Nod id contains), then the seq as 19 digits. A LiteDB index covers one
/// expression, so these keys are what let "the last 50 messages of one conversation" be an index range scan.
/// LiteDB refuses keys over 1,023 bytes: <see cref="NodLimits.LargestMaxIdLength"/> is worked out from the longest key
/// built on these (<see cref="RunDocument.KeyOf"/>: two ids), and LongIdConformance writes every key at that bound.
/// </summary>
internal static class SortKeys
{
    private const string Separator = "\u001f";

    /// <summary>The key of <paramref name="seq"/> under <paramref name="owner"/>.</summary>
    public static string Of(string owner, long seq) => string.Concat(owner, Separator, Digits(seq));

    /// <summary>The key of <paramref name="seq"/> under an audience and an agent (the event log).</summary>
    public static string Of(EventAudience audience, string agentId, long seq) => Of(Owner(audience, agentId), seq);

    /// <summary>The owner part of an event key.</summary>
    public static string Owner(EventAudience audience, string agentId) =>
        string.Concat(((int)audience).ToString(CultureInfo.InvariantCulture), Separator, agentId);

    /// <summary>The smallest key under <paramref name="owner"/> (seq 0).</summary>
    public static string First(string owner) => Of(owner, 0);

    /// <summary>The largest key under <paramref name="owner"/>.</summary>
    public static string Last(string owner) => Of(owner, long.MaxValue);

    /// <summary>The range of keys under <paramref name="owner"/> with a seq strictly below <paramref name="beforeSeq"/> (all when null); null when empty.</summary>
    public static (string Low, string High)? Below(string owner, long? beforeSeq) => beforeSeq switch
    {
        null => (First(owner), Last(owner)),
        <= 0 => null,
        { } before => (First(owner), Of(owner, before - 1)),
    };

    /// <summary>The range of keys under <paramref name="owner"/> with a seq strictly above <paramref name="afterSeq"/> and at most <paramref name="maxSeq"/>; null when empty.</summary>
    public static (string Low, string High)? Between(string owner, long afterSeq, long maxSeq) =>
        afterSeq >= maxSeq || afterSeq == long.MaxValue ? null : (Of(owner, Math.Max(afterSeq + 1, 0)), Of(owner, maxSeq));

    private static string Digits(long seq) => seq.ToString("D19", CultureInfo.InvariantCulture);
}
