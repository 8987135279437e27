using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>What makes a task run (PROTOCOL §5).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskTriggerType>))]
public enum TaskTriggerType
{
    /// <summary>A 5-field cron schedule in a time zone.</summary>
    [JsonStringEnumMemberName("scheduled")]
    Scheduled = 0,

    /// <summary>Once, at <c>run_at</c>.</summary>
    [JsonStringEnumMemberName("once")]
    Once = 1,

    /// <summary>Each time its trigger URL is called.</summary>
    [JsonStringEnumMemberName("event")]
    Event = 2,
}
