using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nod.Protocol;

/// <summary>
/// Writes timestamps as ISO-8601 UTC with <c>Z</c> (<c>2026-01-05T09:30:00Z</c>, milliseconds only when present);
/// reads any ISO-8601 offset and converts to UTC.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
        {
            throw new JsonException("Expected an ISO-8601 timestamp.");
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
}
