using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Serialization.Metadata;

namespace Nod.Protocol;

/// <summary>
/// The one parser for agent events (PROTOCOL §3): a REST body or a WebSocket frame in, a validated
/// <see cref="AgentEvent"/> or an error whose detail names the field out. It never throws for bad input.
/// </summary>
public sealed class AgentEventParser
{
    private static readonly string KnownTypes = string.Join(", ", [
        MessageEvent.TypeName, DecisionEvent.TypeName, AlertEvent.TypeName, ProcessingEvent.StartTypeName,
        ProcessingEvent.StopTypeName, ProcessingEvent.HeartbeatTypeName, ProcessingEvent.IdleTypeName,
        StatusEvent.TypeName, TaskProposalEvent.TypeName, PingEvent.TypeName]);

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly AgentEventValidator _validator;

    /// <summary>Creates a parser enforcing <paramref name="limits"/>.</summary>
    /// <param name="limits">The field limits.</param>
    public AgentEventParser(NodLimits limits) => _validator = new AgentEventValidator(limits);

    /// <summary>Parses and validates one agent event.</summary>
    /// <param name="utf8Json">The body or frame, UTF-8 JSON.</param>
    /// <param name="allowAuth">Whether an <c>auth</c> frame is acceptable (the first WebSocket frame).</param>
    /// <returns>The event, or the error; the <c>ref</c> is returned whenever it could be read.</returns>
    public AgentEventParseResult Parse(ReadOnlySpan<byte> utf8Json, bool allowAuth = false)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            return AgentEventParseResult.Failure("the body is not valid UTF-8", null);
        }

        // Some clients prefix a byte-order mark; it carries no meaning in JSON.
        if (utf8Json.StartsWith(Utf8Bom))
        {
            utf8Json = utf8Json[Utf8Bom.Length..];
        }

        if (utf8Json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return AgentEventParseResult.Failure("the body is empty: expected a JSON object", null);
        }

        string? type = null;
        string? reference = null;
        try
        {
            if (ScanEnvelope(utf8Json, out type, out reference) is { } envelopeError)
            {
                return AgentEventParseResult.Failure(envelopeError, reference);
            }
        }
        catch (JsonException ex)
        {
            // A ref read before the JSON broke off is still echoed, so the client can match the error to its frame.
            return AgentEventParseResult.Failure($"the body is not valid JSON: {FirstSentence(ex.Message)}", reference);
        }

        AgentEvent? agentEvent;
        try
        {
            agentEvent = type switch
            {
                MessageEvent.TypeName => Deserialize(utf8Json, NodJsonContext.Default.MessageEvent),
                DecisionEvent.TypeName => Deserialize(utf8Json, NodJsonContext.Default.DecisionEvent),
                AlertEvent.TypeName => Deserialize(utf8Json, NodJsonContext.Default.AlertEvent),
                ProcessingEvent.StartTypeName => Processing(utf8Json, ProcessingSignal.Start),
                ProcessingEvent.StopTypeName => Processing(utf8Json, ProcessingSignal.Stop),
                ProcessingEvent.HeartbeatTypeName => Processing(utf8Json, ProcessingSignal.Heartbeat),
                ProcessingEvent.IdleTypeName => Processing(utf8Json, ProcessingSignal.Idle),
                StatusEvent.TypeName => Deserialize(utf8Json, NodJsonContext.Default.StatusEvent),
                TaskProposalEvent.TypeName => Deserialize(utf8Json, NodJsonContext.Default.TaskProposalEvent),
                PingEvent.TypeName => Deserialize(utf8Json, NodJsonContext.Default.PingEvent),
                AuthEvent.TypeName when allowAuth => Deserialize(utf8Json, NodJsonContext.Default.AuthEvent),
                AuthEvent.TypeName => null,
                _ => null,
            };
        }
        catch (JsonException ex)
        {
            return AgentEventParseResult.Failure(DescribeTypeError(ex), reference);
        }

        if (agentEvent is null)
        {
            var detail = type == AuthEvent.TypeName
                ? "type 'auth' is only accepted as the first WebSocket frame"
                : $"type '{Truncate(type!)}' is not a known event type (expected one of: {KnownTypes})";
            return AgentEventParseResult.Failure(detail, reference);
        }

        agentEvent.Ref = reference;
        return _validator.Validate(agentEvent) is { } error
            ? AgentEventParseResult.Failure(error, reference)
            : AgentEventParseResult.Success(agentEvent, reference);
    }

    /// <summary>Reads the top level once: it must be an object with a string <c>type</c>; picks up <c>ref</c>.</summary>
    private static string? ScanEnvelope(ReadOnlySpan<byte> utf8Json, out string? type, out string? reference)
    {
        type = null;
        reference = null;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read())
        {
            return "the body is empty: expected a JSON object";
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "the body must be a JSON object";
        }

        string? typeError = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isRef = !isType && reader.ValueTextEquals("ref"u8);
            reader.Read();
            if (isType)
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                else
                {
                    typeError = "type must be a string";
                }
            }
            else if (isRef && reader.TokenType == JsonTokenType.String)
            {
                reference = reader.GetString();
            }

            reader.Skip();
        }

        // Anything after the object is an error (Read throws on garbage).
        while (reader.Read())
        {
        }

        return typeError ?? (type is null ? "type is required" : null);
    }

    private static ProcessingEvent? Processing(ReadOnlySpan<byte> utf8Json, ProcessingSignal signal)
    {
        var e = Deserialize(utf8Json, NodJsonContext.Default.ProcessingEvent);
        if (e is not null)
        {
            e.Signal = signal;
        }

        return e;
    }

    private static T? Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo) => JsonSerializer.Deserialize(utf8Json, typeInfo);

    /// <summary>Turns a deserialization failure into "field must be …".</summary>
    private static string DescribeTypeError(JsonException ex)
    {
        var path = ex.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return $"the body is not a valid event: {FirstSentence(ex.Message)}";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        field = field.Replace("['", ".", StringComparison.Ordinal).Replace("']", string.Empty, StringComparison.Ordinal).TrimStart('.');
        return $"{field} has the wrong type: expected {ExpectedKind(field)}";
    }

    private static string ExpectedKind(string field) => field switch
    {
        "allows_always" => "true or false",
        "expires_in_s" => "a number",
        "after" => "a whole number",
        "options" => "an array of strings",
        "always_allow_options" => "an array of {\"pattern\", \"label\"} objects",
        "task_run_at" => UtcTimestampConverter.Expected,
        _ when field.StartsWith("always_allow_options[", StringComparison.Ordinal) && !field.Contains('.', StringComparison.Ordinal) =>
            "an object with pattern and label",
        _ => "a string",
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (end < 0)
        {
            end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return (end < 0 ? message : message[..end]).TrimEnd('.', ' ', '|');
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>The outcome of <see cref="AgentEventParser.Parse"/>.</summary>
public sealed class AgentEventParseResult
{
    private AgentEventParseResult(AgentEvent? agentEvent, string? error, string? reference)
    {
        Event = agentEvent;
        Error = error;
        Ref = reference;
    }

    /// <summary>The validated event, or <see langword="null"/> on error.</summary>
    public AgentEvent? Event { get; }

    /// <summary>Why the input was refused (names the field), or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>The frame's <c>ref</c>, when it could be read (also on error).</summary>
    public string? Ref { get; }

    /// <summary>Whether the input was a valid event.</summary>
    public bool IsSuccess => Event is not null;

    internal static AgentEventParseResult Success(AgentEvent agentEvent, string? reference) => new(agentEvent, null, reference);

    internal static AgentEventParseResult Failure(string error, string? reference) => new(null, error, reference);
}
