using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Nod.Protocol;

namespace Nod.Storage.Conformance;

/// <summary>
/// Writes any record (or list of records) as text, every public property included, recursively, timestamps with their
/// offset and full precision. Two values round-trip when their texts are equal; the texts make readable diffs, and a
/// property added to a model later is compared without touching the suite.
/// </summary>
public static class RecordText
{
    /// <summary>The text of <paramref name="value"/>.</summary>
    public static string Of(object? value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('"');
                return;
            case DateTimeOffset d:
                // "O" keeps the offset and every tick: a store that shifts to local time or drops milliseconds shows up.
                text.Append(d.ToString("O", CultureInfo.InvariantCulture));
                return;
            case DateTime d:
                text.Append(d.ToString("O", CultureInfo.InvariantCulture)).Append('/').Append(d.Kind);
                return;
            case Enum e:
                text.Append(e.GetType().Name).Append('.').Append(e.ToString());
                return;
            case bool b:
                text.Append(b ? "true" : "false");
                return;
            case IFormattable f when value.GetType().IsPrimitive || value is decimal:
                text.Append(f.ToString(null, CultureInfo.InvariantCulture));
                return;
            case ReadOnlyMemory<byte> bytes:
                text.Append("utf8:").Append(Encoding.UTF8.GetString(bytes.Span));
                return;
            case NodEvent e:
                text.Append("NodEvent { Seq = ").Append(e.Seq.ToString(CultureInfo.InvariantCulture))
                    .Append(", EventId = ").Append(e.EventId)
                    .Append(", AgentId = ").Append(e.AgentId)
                    .Append(", Audience = ").Append(e.Audience)
                    .Append(", Type = ").Append(e.Type)
                    .Append(", CreatedAt = ");
                Write(text, e.CreatedAt);
                text.Append(", Payload = ");
                Write(text, e.Payload);
                text.Append(" }");
                return;
            case NodFrame frame:
                // A frame is compared by what goes on the wire.
                text.Append(frame.GetType().Name).Append(' ');
                Write(text, (ReadOnlyMemory<byte>)System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(frame, frame.GetType(), NodJsonContext.Default));
                return;
            case IEnumerable items:
                text.Append('[');
                var first = true;
                foreach (var item in items)
                {
                    text.Append(first ? string.Empty : ",\n ");
                    first = false;
                    Write(text, item);
                }

                text.Append(']');
                return;
        }

        var type = value.GetType();
        text.Append(type.Name).Append(" { ");
        var separator = string.Empty;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract")
            {
                continue;
            }

            text.Append(separator).Append(property.Name).Append(" = ");
            Write(text, property.GetValue(value));
            separator = ", ";
        }

        text.Append(" }");
    }
}
