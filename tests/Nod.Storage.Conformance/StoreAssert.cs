using System.Reflection;
using System.Text.Json;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>Assertions shared by the conformance classes.</summary>
public static class StoreAssert
{
    /// <summary>Both values have the same <see cref="RecordText"/>: every property, nested lists and records included.</summary>
    public static void Same(object? expected, object? actual) => Assert.Equal(RecordText.Of(expected), RecordText.Of(actual));

    /// <summary>
    /// Every public property of <paramref name="record"/> (but <paramref name="except"/>) is non-null, non-default and,
    /// for lists, non-empty (computed properties are skipped): the round-trip tests use it so that a field added to a
    /// model later cannot go untested.
    /// </summary>
    public static void EveryPropertySet(object record, params string[] except)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanWrite || except.Contains(property.Name))
            {
                continue;
            }

            var value = property.GetValue(record);
            var isDefault = value is null
                || (value is System.Collections.ICollection { Count: 0 })
                || (property.PropertyType.IsValueType && value.Equals(Activator.CreateInstance(property.PropertyType)));
            Assert.False(isDefault, $"{record.GetType().Name}.{property.Name} is not set: the full builder must set every property so the round trip covers it.");
        }
    }

    /// <summary>Every timestamp a store returns is UTC.</summary>
    public static void Utc(DateTimeOffset? value)
    {
        if (value is { } v)
        {
            Assert.Equal(TimeSpan.Zero, v.Offset);
        }
    }

    /// <summary>The <c>seq</c> written in an event's payload.</summary>
    public static long PayloadSeq(NodEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var json = JsonDocument.Parse(e.Payload);
        return json.RootElement.GetProperty("seq").GetInt64();
    }

    /// <summary>The events are in strictly increasing <c>seq</c> order.</summary>
    public static void StrictlyIncreasing(IEnumerable<long> seqs)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        long? previous = null;
        foreach (var seq in seqs)
        {
            Assert.True(seq > 0, $"seq {seq} is not positive");
            if (previous is { } p)
            {
                Assert.True(seq > p, $"seq {seq} does not follow {p}");
            }

            previous = seq;
        }
    }

    /// <summary>The frame's wire JSON (to compare frames).</summary>
    public static string Json(NodFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return JsonSerializer.Serialize(frame, frame.GetType(), NodJsonContext.Default);
    }
}
