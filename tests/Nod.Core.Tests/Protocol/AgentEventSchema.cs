namespace Nod.Core.Tests.Protocol;

/// <summary>The JSON kind a field must have on the wire.</summary>
internal enum WireKind
{
    /// <summary>A string (text, title, name, pattern…).</summary>
    Text,

    /// <summary>An opaque id string: may be absent, never empty.</summary>
    Id,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>Any JSON number.</summary>
    Number,

    /// <summary>A whole JSON number.</summary>
    WholeNumber,

    /// <summary>An array of strings.</summary>
    StringList,

    /// <summary>An array of <c>{"pattern","label"}</c> objects.</summary>
    AlwaysAllowOptions,

    /// <summary>An ISO-8601 timestamp string.</summary>
    Timestamp,

    /// <summary>Any JSON value.</summary>
    AnyJson,
}

/// <summary>One field of one agent event type (PROTOCOL §3).</summary>
/// <param name="Type">The event <c>type</c>.</param>
/// <param name="Field">The wire field name.</param>
/// <param name="Kind">The JSON kind it must have.</param>
/// <param name="Required">Marked <c>*</c> in §3.</param>
/// <param name="BlankAllowed">A required text that may be "" (only its absence is an error).</param>
internal sealed record FieldRule(string Type, string Field, WireKind Kind, bool Required = false, bool BlankAllowed = false);

/// <summary>A length limit of PROTOCOL §8 on one field, in characters.</summary>
internal sealed record LengthLimit(string Type, string Field, int Max);

/// <summary>
/// PROTOCOL §3 and §8 as tables. The parser tests are generated from these rows, so the tables are the spec the tests
/// hold the parser to.
/// </summary>
internal static class AgentEventSchema
{
    public const int Title = 300;
    public const int Text = 64 * 1024;
    public const int Options = 50;
    public const int Option = 200;
    public const int Id = 100;
    public const int Pattern = 1000;
    public const int ImageBytes = 5 * 1024 * 1024;
    public const int ExpiresInS = 30 * 24 * 3600;

    public static readonly string[] ProcessingTypes = ["processing_start", "processing_stop", "agent_heartbeat", "agent_idle"];

    /// <summary>Every type an agent may send, <c>auth</c> included (first WebSocket frame only).</summary>
    public static readonly string[] AllTypes =
        ["message", "decision", "alert", .. ProcessingTypes, "status", "task_proposal", "ping", "auth"];

    /// <summary>The types the parser lists when it meets an unknown one (<c>auth</c> is not one an agent may send at will).</summary>
    public static readonly string[] KnownTypes =
        ["message", "decision", "alert", .. ProcessingTypes, "status", "task_proposal", "ping"];

    public static readonly FieldRule[] Fields =
    [
        // message: text is required unless image_base64 is given (MessageImageTests covers that case).
        new("message", "text", WireKind.Text, Required: true),
        new("message", "conversation_id", WireKind.Id),
        new("message", "image_base64", WireKind.Text),
        new("message", "report_title", WireKind.Text),
        new("message", "report_description", WireKind.Text),
        new("message", "task_run_id", WireKind.Id),

        // decision: options is required (non-empty) only for kind 'choice' (DecisionEventRulesTests).
        new("decision", "title", WireKind.Text, Required: true),
        new("decision", "description", WireKind.Text, Required: true, BlankAllowed: true),
        new("decision", "kind", WireKind.Text, Required: true),
        new("decision", "options", WireKind.StringList),
        new("decision", "conversation_id", WireKind.Id),
        new("decision", "task_run_id", WireKind.Id),
        new("decision", "allows_always", WireKind.Bool),
        new("decision", "always_allow_label", WireKind.Text),
        new("decision", "always_allow_options", WireKind.AlwaysAllowOptions),
        new("decision", "permission", WireKind.Text),
        new("decision", "expires_in_s", WireKind.Number),

        new("alert", "title", WireKind.Text, Required: true),
        new("alert", "text", WireKind.Text),
        new("alert", "task_run_id", WireKind.Id),

        new("processing_start", "conversation_id", WireKind.Id),
        new("processing_start", "status_text", WireKind.Text),
        new("processing_stop", "conversation_id", WireKind.Id),
        new("agent_heartbeat", "conversation_id", WireKind.Id),
        new("agent_heartbeat", "status_text", WireKind.Text),
        new("agent_idle", "conversation_id", WireKind.Id),

        new("status", "action", WireKind.Text, Required: true),
        new("status", "details", WireKind.AnyJson),

        // task_proposal: task_run_at is required when task_schedule is 'once' (TaskProposalScheduleTests).
        new("task_proposal", "title", WireKind.Text, Required: true),
        new("task_proposal", "task_name", WireKind.Text, Required: true),
        new("task_proposal", "task_prompt", WireKind.Text, Required: true),
        new("task_proposal", "task_schedule", WireKind.Text, Required: true),
        new("task_proposal", "task_run_at", WireKind.Timestamp),
        new("task_proposal", "task_timezone", WireKind.Text),

        // auth: only the shape is checked; a secret or agent_id that cannot match is the socket's 4003 (SocketAuthTests).
        new("auth", "secret", WireKind.Text, Required: true),
        new("auth", "agent_id", WireKind.Text),
        new("auth", "after", WireKind.WholeNumber),
    ];

    public static readonly LengthLimit[] LengthLimits =
    [
        new("message", "text", Text),
        new("message", "report_title", Title),
        new("message", "report_description", Text),
        new("message", "conversation_id", Id),
        new("message", "task_run_id", Id),

        new("decision", "title", Title),
        new("decision", "description", Text),
        new("decision", "options[0]", Option),
        new("decision", "conversation_id", Id),
        new("decision", "task_run_id", Id),
        new("decision", "always_allow_label", Title),
        new("decision", "always_allow_options[0].pattern", Pattern),
        new("decision", "always_allow_options[0].label", Title),
        new("decision", "permission", Pattern),

        new("alert", "title", Title),
        new("alert", "text", Text),
        new("alert", "task_run_id", Id),

        new("processing_start", "conversation_id", Id),
        new("processing_start", "status_text", Title),
        new("processing_stop", "conversation_id", Id),
        new("agent_heartbeat", "conversation_id", Id),
        new("agent_heartbeat", "status_text", Title),
        new("agent_idle", "conversation_id", Id),

        new("status", "action", Title),
        new("status", "details", Text),

        new("task_proposal", "title", Title),
        new("task_proposal", "task_name", Title),
        new("task_proposal", "task_prompt", Text),
        new("task_proposal", "task_schedule", Title),
        new("task_proposal", "task_timezone", Id),
    ];

    /// <summary>Wrong JSON values for a field of <paramref name="kind"/>, with the field path the error must name.</summary>
    public static IEnumerable<(string RawJson, string NamedField)> WrongValues(string field, WireKind kind) => kind switch
    {
        WireKind.Text or WireKind.Id => [("42", field), ("true", field), ("{}", field), ("[\"x\"]", field)],
        WireKind.Bool => [("\"true\"", field), ("1", field), ("{}", field), ("[]", field)],
        WireKind.Number => [("\"10\"", field), ("true", field), ("{}", field), ("[10]", field)],
        WireKind.WholeNumber => [("\"5\"", field), ("true", field), ("{}", field), ("1.5", field)],
        WireKind.StringList =>
        [
            ("\"a\"", field), ("5", field), ("{}", field),
            ("[5]", field + "[0]"), ("[true]", field + "[0]"), ("[{}]", field + "[0]"), ("[\"a\",[\"b\"]]", field + "[1]"),
        ],
        WireKind.AlwaysAllowOptions =>
        [
            ("\"a\"", field), ("5", field), ("{}", field),
            ("[5]", field + "[0]"), ("[\"Bash(*)\"]", field + "[0]"),
            ("[{\"pattern\":5,\"label\":\"l\"}]", field + "[0].pattern"),
            ("[{\"pattern\":\"p\",\"label\":[]}]", field + "[0].label"),
        ],
        WireKind.Timestamp => [("5", field), ("true", field), ("{}", field), ("\"tomorrow at nine\"", field)],
        WireKind.AnyJson => [],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A valid value of <paramref name="length"/> characters for <paramref name="field"/>.</summary>
    public static string ValueOfLength(string field, int length) => field switch
    {
        // The schedule must stay a valid 5-field cron expression whatever its length: pad between fields.
        "task_schedule" => "0" + new string(' ', length - 8) + "9 * * 1",
        _ => new string('x', length),
    };
}
