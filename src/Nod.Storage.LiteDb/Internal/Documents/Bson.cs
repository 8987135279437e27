using LiteDB;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Field conversions shared by the document mappings. Timestamps are stored as UTC ticks (an <c>Int64</c>) rather than
/// BSON dates: LiteDB dates keep milliseconds only and come back in local time, ticks come back exactly, offset 0.
/// </summary>
internal static class Bson
{
    public static BsonValue Time(DateTimeOffset value) => new(value.UtcTicks);

    public static BsonValue Time(DateTimeOffset? value) => value is { } v ? new BsonValue(v.UtcTicks) : BsonValue.Null;

    public static DateTimeOffset ReadTime(BsonValue value) => new(value.AsInt64, TimeSpan.Zero);

    public static DateTimeOffset? ReadOptionalTime(BsonValue value) => value.IsNull ? null : new DateTimeOffset(value.AsInt64, TimeSpan.Zero);

    /// <summary>A flag; a document written before the field existed (or with any other value) reads as <see langword="false"/>.</summary>
    public static bool ReadFlag(BsonValue value) => value.IsBoolean && value.AsBoolean;

    public static BsonValue Text(string? value) => value is null ? BsonValue.Null : new BsonValue(value);

    public static string? ReadText(BsonValue value) => value.IsNull ? null : value.AsString;

    public static string ReadRequiredText(BsonValue value) => value.IsNull ? string.Empty : value.AsString;

    public static BsonValue List(IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return BsonValue.Null;
        }

        var array = new BsonArray();
        foreach (var value in values)
        {
            array.Add(new BsonValue(value));
        }

        return array;
    }

    public static IReadOnlyList<string>? ReadList(BsonValue value)
    {
        if (value.IsNull)
        {
            return null;
        }

        var array = value.AsArray;
        var list = new string[array.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = array[i].AsString;
        }

        return list;
    }
}
