using System.Text;
using System.Text.Json;
using Nod.Protocol;

namespace Nod.Internal;

/// <summary>An inbound trigger body as JSON text: the body itself when it is JSON, else the body as a JSON string.</summary>
internal static class TriggerPayloads
{
    public static string ToJson(ReadOnlySpan<byte> body)
    {
        if (!body.IsEmpty)
        {
            try
            {
                using var document = JsonDocument.Parse(body.ToArray());
                return document.RootElement.GetRawText();
            }
            catch (JsonException)
            {
                // Not JSON: kept as text below.
            }
        }

        // Invalid UTF-8 becomes U+FFFD rather than failing: any body is accepted.
        return JsonSerializer.Serialize(Encoding.UTF8.GetString(body), NodJsonContext.Default.String);
    }
}
