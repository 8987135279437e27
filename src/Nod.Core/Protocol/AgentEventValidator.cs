using System.Text.Json;
using Nod.Internal;
using Nod.Model;

namespace Nod.Protocol;

/// <summary>
/// Checks every field of an agent event against PROTOCOL §3 and the configured <see cref="NodLimits"/>. Errors name the
/// field. REST, WebSocket and in-process agents all go through here, so they accept exactly the same events.
/// </summary>
public sealed class AgentEventValidator
{
    private readonly NodLimits _limits;

    /// <summary>Creates a validator for the given limits.</summary>
    /// <param name="limits">The limits to enforce.</param>
    public AgentEventValidator(NodLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>Validates (and normalizes) the event.</summary>
    /// <param name="agentEvent">The event.</param>
    /// <returns><see langword="null"/> when valid; otherwise the reason, naming the field.</returns>
    public string? Validate(AgentEvent agentEvent)
    {
        ArgumentNullException.ThrowIfNull(agentEvent);
        try
        {
            switch (agentEvent)
            {
                case MessageEvent e: Check(e); break;
                case DecisionEvent e: Check(e); break;
                case AlertEvent e: Check(e); break;
                case ProcessingEvent e: Check(e); break;
                case StatusEvent e: Check(e); break;
                case TaskProposalEvent e: Check(e); break;
                case AuthEvent e: Check(e); break;
                case PingEvent: break;
                default: throw NodException.Invalid($"type '{agentEvent.Type}' is not an agent event");
            }

            return null;
        }
        catch (NodException ex) when (ex.Kind == NodErrorKind.InvalidRequest)
        {
            return ex.Detail;
        }
    }

    /// <summary>Validates the event and throws a 400 <see cref="NodException"/> naming the field if it is invalid.</summary>
    /// <param name="agentEvent">The event.</param>
    public void EnsureValid(AgentEvent agentEvent)
    {
        if (Validate(agentEvent) is { } error)
        {
            throw NodException.Invalid(error);
        }
    }

    private void Check(MessageEvent e)
    {
        Id(e.ConversationId, "conversation_id");
        Id(e.TaskRunId, "task_run_id");
        Fields.Text(e.ReportTitle, "report_title", _limits.MaxTitleLength);
        Fields.Text(e.ReportDescription, "report_description", _limits.MaxTextLength);
        if (e.ImageBase64 is not null)
        {
            e.ImageDataUrl = ImageData.ToDataUrl(e.ImageBase64, _limits.MaxImageBytes, out var error)
                ?? throw NodException.Invalid($"image_base64 {error}");
            Fields.Text(e.Text, "text", _limits.MaxTextLength);
        }
        else
        {
            Fields.Required(e.Text, "text", _limits.MaxTextLength, "text is required (or image_base64)");
        }
    }

    private void Check(DecisionEvent e)
    {
        Fields.Required(e.Title, "title", _limits.MaxTitleLength);
        if (e.Description is null)
        {
            throw NodException.Invalid("description is required");
        }

        Fields.Text(e.Description, "description", _limits.MaxTextLength);
        e.ParsedKind = e.Kind switch
        {
            null => throw NodException.Invalid("kind is required (approval, choice, question or permission)"),
            "approval" => DecisionKind.Approval,
            "choice" => DecisionKind.Choice,
            "question" => DecisionKind.Question,
            "permission" => DecisionKind.Permission,
            _ => throw NodException.Invalid($"kind must be approval, choice, question or permission (was '{Truncate(e.Kind)}')"),
        };
        if (e.ParsedKind == DecisionKind.Choice && (e.Options is null || e.Options.Count == 0))
        {
            throw NodException.Invalid("options is required and must not be empty for kind 'choice'");
        }

        if (e.Options is not null)
        {
            if (e.Options.Count > _limits.MaxOptions)
            {
                throw NodException.Invalid($"options has more than {_limits.MaxOptions} entries");
            }

            for (var i = 0; i < e.Options.Count; i++)
            {
                Fields.Required(e.Options[i], $"options[{i}]", _limits.MaxOptionLength);
            }
        }

        Id(e.ConversationId, "conversation_id");
        Id(e.TaskRunId, "task_run_id");
        Fields.Text(e.AlwaysAllowLabel, "always_allow_label", _limits.MaxTitleLength);
        if (e.Permission is not null)
        {
            // Optional (the title stands in), but when given it is the subject rules match: a blank one names nothing,
            // yet "*" would match it. Refused for every kind, like a blank always-allow pattern.
            Fields.Required(e.Permission, "permission", _limits.MaxPatternLength);
        }
        else if (e.ParsedKind == DecisionKind.Permission && string.IsNullOrWhiteSpace(Engine.RuleMatcher.SubjectOf(null, e.Title!)))
        {
            // The title stands in for the subject; "Allow: " alone leaves it as blank as a blank permission.
            throw NodException.Invalid("title must not be empty after 'Allow: ' when permission is not given");
        }

        if (e.AlwaysAllowOptions is not null)
        {
            if (e.AlwaysAllowOptions.Count > _limits.MaxOptions)
            {
                throw NodException.Invalid($"always_allow_options has more than {_limits.MaxOptions} entries");
            }

            for (var i = 0; i < e.AlwaysAllowOptions.Count; i++)
            {
                var option = e.AlwaysAllowOptions[i] ?? throw NodException.Invalid($"always_allow_options[{i}] must be an object with pattern and label");
                Fields.Required(option.Pattern, $"always_allow_options[{i}].pattern", _limits.MaxPatternLength);
                Fields.Text(option.Label, $"always_allow_options[{i}].label", _limits.MaxTitleLength);
            }
        }

        if (e.ExpiresInS is { } expires && (!double.IsFinite(expires) || expires <= 0 || expires > _limits.MaxExpiresInSeconds))
        {
            throw NodException.Invalid($"expires_in_s must be a number of seconds above 0 and at most {_limits.MaxExpiresInSeconds}");
        }
    }

    private void Check(AlertEvent e)
    {
        Fields.Required(e.Title, "title", _limits.MaxTitleLength);
        Fields.Text(e.Text, "text", _limits.MaxTextLength);
        Id(e.TaskRunId, "task_run_id");
    }

    private void Check(ProcessingEvent e)
    {
        Id(e.ConversationId, "conversation_id");
        Fields.Text(e.StatusText, "status_text", _limits.MaxTitleLength);
    }

    private void Check(StatusEvent e)
    {
        Fields.Required(e.Action, "action", _limits.MaxTitleLength);
        e.DetailsText = e.Details is not { } details || details.ValueKind == JsonValueKind.Null
            ? null
            : details.ValueKind == JsonValueKind.String ? details.GetString() : details.GetRawText();
        Fields.Text(e.DetailsText, "details", _limits.MaxTextLength);
    }

    private void Check(TaskProposalEvent e)
    {
        Fields.Required(e.Title, "title", _limits.MaxTitleLength);
        Fields.Required(e.TaskName, "task_name", _limits.MaxTitleLength);
        Fields.Required(e.TaskPrompt, "task_prompt", _limits.MaxTextLength);
        Fields.Required(e.TaskSchedule, "task_schedule", _limits.MaxTitleLength);
        Fields.Text(e.TaskTimezone, "task_timezone", _limits.MaxIdLength);
        // The same schedule rules as tasks, checked now: a proposal that could never become a task is refused at once.
        if (Engine.TaskSchedules.Parse(e.TaskSchedule!, "task_schedule") == TaskTriggerType.Once && e.TaskRunAt is null)
        {
            throw NodException.Invalid("task_run_at is required when task_schedule is 'once'");
        }

        Engine.TaskSchedules.Zone(e.TaskTimezone, "task_timezone");
    }

    private static void Check(AuthEvent e)
    {
        // Presence only: a secret or agent_id of any other length or form is one that does not match — the socket
        // answers that with 4003 (PROTOCOL §2), not with 4001 as if the frame were malformed.
        Fields.Required(e.Secret, "secret", int.MaxValue);
        if (e.After is < 0)
        {
            throw NodException.Invalid("after must be 0 or more");
        }
    }

    private void Id(string? value, string field) => Fields.Id(value, field, _limits.MaxIdLength);

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
