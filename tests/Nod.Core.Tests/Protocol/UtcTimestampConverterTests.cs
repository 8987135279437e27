using System.Text;
using System.Text.Json;
using Nod.Protocol;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §1: timestamps are ISO-8601 UTC with <c>Z</c>; milliseconds only when non-zero.</summary>
public sealed class UtcTimestampConverterTests
{
    private readonly UtcTimestampConverter _converter = new();

    public static TheoryData<DateTimeOffset, string> Writes() => new()
    {
        { new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero), "2026-01-05T09:30:00Z" },
        { new DateTimeOffset(2026, 1, 5, 9, 30, 0, 123, TimeSpan.Zero), "2026-01-05T09:30:00.123Z" },
        { new DateTimeOffset(2026, 1, 5, 9, 30, 0, 5, TimeSpan.Zero), "2026-01-05T09:30:00.005Z" },
        { new DateTimeOffset(2026, 1, 5, 9, 30, 0, 100, TimeSpan.Zero), "2026-01-05T09:30:00.100Z" },
        { new DateTimeOffset(2026, 1, 5, 11, 30, 0, TimeSpan.FromHours(2)), "2026-01-05T09:30:00Z" },
        { new DateTimeOffset(2026, 1, 4, 23, 0, 0, TimeSpan.FromHours(-10.5)), "2026-01-05T09:30:00Z" },
        { new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.FromHours(9)), "2026-01-04T15:00:00Z" },
        { new DateTimeOffset(2026, 1, 5, 9, 30, 0, 999, TimeSpan.Zero).AddTicks(9_999), "2026-01-05T09:30:00.999Z" },
        { new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), "0001-01-01T00:00:00Z" },
        { new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero), "9999-12-31T23:59:59.999Z" },
    };

    public static TheoryData<string, DateTimeOffset> Reads() => new()
    {
        { "2026-01-05T09:30:00Z", new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero) },
        { "2026-01-05T09:30:00.123Z", new DateTimeOffset(2026, 1, 5, 9, 30, 0, 123, TimeSpan.Zero) },
        { "2026-01-05T11:30:00+02:00", new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero) },
        { "2026-01-05T04:30:00-05:00", new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero) },
        { "2026-01-05T09:30:00+00:00", new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public void Write_Timestamp_IsIsoUtcWithZ(DateTimeOffset value, string expected)
    {
        Assert.Equal("\"" + expected + "\"", Write(value));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4_999)]
    [InlineData(9_999)]
    public void Write_OnlySubMillisecondTicks_OmitsMilliseconds(long ticks)
    {
        // The millisecond part is zero, so none is written (a clock such as TimeProvider.System has sub-millisecond ticks).
        var value = new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero).AddTicks(ticks);

        Assert.Equal("\"2026-01-05T09:30:00Z\"", Write(value));
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public void Read_IsoTimestampWithAnyOffset_IsUtc(string text, DateTimeOffset expected)
    {
        var value = Read("\"" + text + "\"");

        Assert.Equal(expected, value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("1736069400")]
    [InlineData("true")]
    [InlineData("\"tomorrow\"")]
    [InlineData("\"05/01/2026 09:30\"")]
    [InlineData("\"\"")]
    [InlineData("{}")]
    [InlineData("\"2026-01-05T09:30:00\"")]
    [InlineData("\"2026-01-05T09:30:00.123\"")]
    [InlineData("\"2026-01-05\"")]
    public void Read_NotAnIsoTimestampWithAnOffset_Throws(string json)
    {
        // Without an offset the instant would depend on the server's time zone.
        var error = Assert.Throws<JsonException>(() => Read(json));

        Assert.Contains(UtcTimestampConverter.Expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"2026-01-05T11:30:00+02:00\"", true)]
    [InlineData("\"2026-01-05T09:30:00Z\"", true)]
    [InlineData("\"2026-01-05T09:30:00\"", false)]
    [InlineData("\"2026-01-05\"", false)]
    [InlineData("1736069400", false)]
    public void TryRead_OnlyTimestampsWithAnOffset(string json, bool readable)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(readable, UtcTimestampConverter.TryRead(document.RootElement, out var value));
        Assert.Equal(readable ? new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero) : default, value);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public void WriteThenRead_KeepsTheInstantToTheMillisecond(DateTimeOffset value, string expected)
    {
        _ = expected;
        var truncated = new DateTimeOffset(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

        Assert.Equal(truncated, Read(Write(value)));
    }

    private string Write(DateTimeOffset value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            _converter.Write(writer, value, JsonSerializerOptions.Default);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private DateTimeOffset Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return _converter.Read(ref reader, typeof(DateTimeOffset), JsonSerializerOptions.Default);
    }
}
