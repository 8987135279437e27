using System.Text.Json;
using System.Text.Unicode;
using Nod.Model;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// Reads the JSON bodies of the agent task endpoints (PROTOCOL §5) into Core's requests. Only the shape is checked
/// here — each error names the field —; the values (required fields, lengths, schedule, time zone) are Core's to judge,
/// as they are for in-process callers. Unknown fields are ignored, as in agent events.
/// </summary>
internal static class TaskRequestReader
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary><c>POST /api/agent/tasks</c>: <c>{"name","prompt","schedule","run_at"?,"timezone"?,"enabled"?}</c>.</summary>
    /// <exception cref="NodException">400 naming the field or the problem.</exception>
    public static CreateTaskRequest ReadCreateTask(ReadOnlySpan<byte> body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        return new CreateTaskRequest
        {
            Name = String(root, "name"),
            Prompt = String(root, "prompt"),
            Schedule = String(root, "schedule"),
            RunAt = Timestamp(root, "run_at"),
            Timezone = String(root, "timezone"),
            Enabled = Boolean(root, "enabled"),
        };
    }

    /// <summary><c>POST /api/agent/tasks/runs/{run_id}/complete</c>: <c>{"status":"completed"|"failed","result"?,"error"?}</c>.</summary>
    /// <exception cref="NodException">400 naming the field or the problem.</exception>
    public static CompleteRunRequest ReadCompleteRun(ReadOnlySpan<byte> body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        var status = String(root, "status") switch
        {
            null => throw Invalid("status is required: 'completed' or 'failed'"),
            "completed" => TaskRunStatus.Completed,
            "failed" => TaskRunStatus.Failed,
            var other => throw Invalid($"status must be 'completed' or 'failed' (was '{HttpResponses.Bounded(other, 60)}')"),
        };
        return new CompleteRunRequest { Status = status, Result = String(root, "result"), Error = String(root, "error") };
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            throw Invalid("the body is not valid UTF-8");
        }

        if (body.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }

        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw Invalid("the body is empty: expected a JSON object");
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            document = JsonDocument.ParseValue(ref reader);
            try
            {
                // Anything after the value is an error (Read throws on it).
                if (reader.Read())
                {
                    throw Invalid("the body must hold one JSON object and nothing after it");
                }
            }
            catch
            {
                document.Dispose();
                throw;
            }
        }
        catch (JsonException ex)
        {
            throw Invalid($"the body is not valid JSON: {FirstSentence(ex.Message)}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Invalid("the body must be a JSON object");
        }

        return document;
    }

    private static string? String(JsonElement root, string field) => Field(root, field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw Invalid($"{field} has the wrong type: expected a string"),
    };

    private static bool? Boolean(JsonElement root, string field) => Field(root, field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw Invalid($"{field} has the wrong type: expected true or false"),
    };

    private static DateTimeOffset? Timestamp(JsonElement root, string field) => Field(root, field) switch
    {
        null => null,
        { } value when UtcTimestampConverter.TryRead(value, out var time) => time,
        _ => throw Invalid($"{field} must be {UtcTimestampConverter.Expected}"),
    };

    /// <summary>The field's value; <see langword="null"/> when it is absent or JSON <c>null</c> (both mean "not given").</summary>
    private static JsonElement? Field(JsonElement root, string field) =>
        root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static NodException Invalid(string detail) => new(NodErrorKind.InvalidRequest, detail);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (end < 0)
        {
            end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return (end < 0 ? message : message[..end]).TrimEnd('.', ' ', '|');
    }
}
