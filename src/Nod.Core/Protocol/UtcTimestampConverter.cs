using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nod.Protocol;

/// <summary>
/// Writes timestamps as ISO-8601 UTC with <c>Z</c> (<c>2026-01-05T09:30:00Z</c>, milliseconds only when present);
/// reads an ISO-8601 date and time with any offset (<c>Z</c> or <c>±hh:mm</c>) and converts it to UTC. A timestamp
/// without an offset is refused: its meaning would depend on the server's time zone.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>The message of a timestamp that cannot be read, for errors that name their field.</summary>
    public const string Expected = "an ISO-8601 timestamp with a time zone, such as 2026-01-05T09:30:00Z";

    /// <summary>Reads a JSON string holding an ISO-8601 timestamp with an offset, as UTC.</summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="utc">The instant, in UTC.</param>
    /// <returns>Whether <paramref name="element"/> is such a string.</returns>
    public static bool TryRead(JsonElement element, out DateTimeOffset utc)
    {
        if (element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out var value) && HasOffset(element.GetString()))
        {
            utc = value.ToUniversalTime();
            return true;
        }

        utc = default;
        return false;
    }

    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value) || !HasOffset(reader.GetString()))
        {
            throw new JsonException($"Expected {Expected}.");
        }

        return value.ToUniversalTime();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var utc = value.UtcDateTime;
        Span<char> buffer = stackalloc char[32];
        var format = utc.Millisecond == 0
            ? "yyyy-MM-dd'T'HH:mm:ss'Z'"
            : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        utc.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }

    /// <summary>Whether the time part carries an offset: <c>Z</c>, or a sign (the date part's dashes come before the <c>T</c>).</summary>
    private static bool HasOffset(string? text)
    {
        var time = text?.IndexOf('T', StringComparison.Ordinal) ?? -1;
        return time >= 0 && text.AsSpan(time + 1).IndexOfAny("Z+-") >= 0;
    }
}
