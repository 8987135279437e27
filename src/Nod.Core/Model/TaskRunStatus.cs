using System.Text.Json.Serialization;

namespace Nod.Model;

/// <summary>Where a task run stands (PROTOCOL §5).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskRunStatus>))]
public enum TaskRunStatus
{
    /// <summary>The agent was told (or started it) and is working.</summary>
    [JsonStringEnumMemberName("running")]
    Running = 0,

    /// <summary>The agent completed it.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed = 1,

    /// <summary>The agent reported a failure.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed = 2,

    /// <summary>Not completed within the run timeout.</summary>
    [JsonStringEnumMemberName("timed_out")]
    TimedOut = 3,
}
