using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// Reads an app API request body into a request model. Every problem is a <see cref="NodException"/> whose detail names
/// what is wrong — 415 (not JSON), 413 (too large), 400 (not UTF-8, not JSON, not an object, a field of the wrong type or
/// an unknown enum value) — never a server error. Fields the model does not have (ids, owner, statuses, timestamps)
/// are ignored: a client cannot set them.
/// </summary>
internal static class AppRequestBody
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads the body; an empty body is <paramref name="empty"/> when given (the body is optional), else a 400.</summary>
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, int maxSize, T? empty = null)
        where T : class
    {
        var request = context.Request;
        if (!JsonContentType.IsAcceptable(request.ContentType, out var contentTypeProblem))
        {
            throw new NodException(NodErrorKind.UnsupportedMediaType, contentTypeProblem);
        }

        using var body = await RequestBody.ReadAsync(request, maxSize, context.RequestAborted).ConfigureAwait(false)
            ?? throw TooLarge(maxSize);
        return Parse(body.Span, typeInfo, empty);
    }

    /// <summary>Checks the <c>Content-Type</c> of a request whose body is not read (a form post gets 415, as everywhere).</summary>
    public static void CheckContentType(HttpRequest request)
    {
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (!JsonContentType.IsAcceptable(request.ContentType, out var problem))
            {
                throw new NodException(NodErrorKind.UnsupportedMediaType, problem);
            }
        }
    }

    public static NodException TooLarge(int maxSize) => HttpResponses.TooLarge(maxSize);

    /// <summary>Parses <paramref name="utf8"/>; internal for unit tests.</summary>
    internal static T Parse<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo, T? empty = null)
        where T : class
    {
        if (!Utf8.IsValid(utf8))
        {
            throw Invalid("the body is not valid UTF-8");
        }

        if (utf8.StartsWith(Utf8Bom))
        {
            utf8 = utf8[Utf8Bom.Length..];
        }

        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            return empty ?? throw Invalid("the body is empty: expected a JSON object");
        }

        // Syntax first, so that the errors of the typed read below are all about a field's type or value.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid("the body must be a JSON object");
            }

            reader.Skip();
        }
        catch (JsonException ex)
        {
            throw Invalid($"the body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
        }

        if (!utf8[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty)
        {
            throw Invalid("the body must be one JSON object: something follows it");
        }

        try
        {
            return JsonSerializer.Deserialize(utf8, typeInfo) ?? throw Invalid("the body must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw Invalid(DescribeTypeError(ex.Path, typeInfo));
        }
    }

    /// <summary>"<c>status</c> must be one of …" from the path of a failed typed read.</summary>
    private static string DescribeTypeError(string? path, JsonTypeInfo typeInfo)
    {
        var field = path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (string.IsNullOrEmpty(field))
        {
            return "the body does not have the expected shape";
        }

        var name = field.Split('[', '.')[0];
        var property = typeInfo.Properties.FirstOrDefault(p => p.Name == name);
        var expected = property is null ? null : Expected(property.PropertyType, isElement: field.Length > name.Length);
        return expected is null ? $"{field} has the wrong type or value" : $"{field} must be {expected}";
    }

    private static string? Expected(Type type, bool isElement)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (isElement && underlying != typeof(string) && underlying.IsAssignableTo(typeof(IEnumerable<string>)))
        {
            return "a string";
        }

        return underlying switch
        {
            _ when underlying == typeof(string) => "a string",
            _ when underlying == typeof(bool) => "true or false",
            _ when underlying == typeof(int) || underlying == typeof(long) => "a whole number",
            _ when underlying == typeof(DateTimeOffset) => Protocol.UtcTimestampConverter.Expected,
            _ when underlying == typeof(Model.AgentType) => "\"interactive\" or \"approval_only\"",
            _ when underlying == typeof(Model.DecisionStatus) => "\"approved\", \"rejected\", \"responded\" or \"dismissed\"",
            _ when underlying == typeof(Model.RuleEffect) => "\"allow\" or \"deny\"",
            _ when underlying.IsAssignableTo(typeof(IEnumerable<string>)) => "an array of strings",
            _ => null,
        };
    }

    private static NodException Invalid(string detail) => new(NodErrorKind.InvalidRequest, detail);
}
