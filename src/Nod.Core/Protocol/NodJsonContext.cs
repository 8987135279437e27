using System.Text.Json;
using System.Text.Json.Serialization;
using Nod.Model;

namespace Nod.Protocol;

/// <summary>
/// Source-generated System.Text.Json metadata for every wire model: snake_case names, ISO-8601 UTC timestamps,
/// <see langword="null"/> fields written (PROTOCOL §7: every field always present).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    Converters = [typeof(UtcTimestampConverter)])]
// Agent → Nod
[JsonSerializable(typeof(MessageEvent))]
[JsonSerializable(typeof(DecisionEvent))]
[JsonSerializable(typeof(AlertEvent))]
[JsonSerializable(typeof(ProcessingEvent))]
[JsonSerializable(typeof(StatusEvent))]
[JsonSerializable(typeof(TaskProposalEvent))]
[JsonSerializable(typeof(PingEvent))]
[JsonSerializable(typeof(AuthEvent))]
// Nod → agent
[JsonSerializable(typeof(UserMessageFrame))]
[JsonSerializable(typeof(DecisionResolvedFrame))]
[JsonSerializable(typeof(TaskDueFrame))]
[JsonSerializable(typeof(TaskTriggerFrame))]
[JsonSerializable(typeof(AgentEventResult))]
[JsonSerializable(typeof(AckFrame))]
[JsonSerializable(typeof(ErrorFrame))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(AuthOkFrame))]
[JsonSerializable(typeof(PongFrame))]
// Nod → apps
[JsonSerializable(typeof(SnapshotFrame))]
[JsonSerializable(typeof(MessageCreatedFrame))]
[JsonSerializable(typeof(DecisionCreatedFrame))]
[JsonSerializable(typeof(DecisionUpdatedFrame))]
[JsonSerializable(typeof(ActivityCreatedFrame))]
[JsonSerializable(typeof(IndicatorChangedFrame))]
[JsonSerializable(typeof(AgentStatusFrame))]
[JsonSerializable(typeof(AgentUpdatedFrame))]
[JsonSerializable(typeof(AgentRemovedFrame))]
[JsonSerializable(typeof(TaskRunUpdatedFrame))]
// Shapes and requests (PROTOCOL §7)
[JsonSerializable(typeof(Agent))]
[JsonSerializable(typeof(AgentCredentials))]
[JsonSerializable(typeof(Conversation))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(Decision))]
[JsonSerializable(typeof(Rule))]
[JsonSerializable(typeof(ActivityEntry))]
[JsonSerializable(typeof(TaskRun))]
[JsonSerializable(typeof(CreateAgentRequest))]
[JsonSerializable(typeof(UpdateAgentRequest))]
[JsonSerializable(typeof(CreateConversationRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(ResolveDecisionRequest))]
[JsonSerializable(typeof(AddRuleRequest))]
[JsonSerializable(typeof(AgentTask))]
[JsonSerializable(typeof(IReadOnlyList<AgentTask>))]
[JsonSerializable(typeof(IReadOnlyList<TaskRun>))]
[JsonSerializable(typeof(CreateTaskRequest))]
[JsonSerializable(typeof(UpdateTaskRequest))]
[JsonSerializable(typeof(CompleteRunRequest))]
[JsonSerializable(typeof(DueTask))]
[JsonSerializable(typeof(IReadOnlyList<DueTask>))]
[JsonSerializable(typeof(PendingTrigger))]
[JsonSerializable(typeof(IReadOnlyList<PendingTrigger>))]
[JsonSerializable(typeof(TriggerAccepted))]
[JsonSerializable(typeof(WebhookDelivery))]
[JsonSerializable(typeof(IReadOnlyList<WebhookDelivery>))]
[JsonSerializable(typeof(IReadOnlyList<Agent>))]
[JsonSerializable(typeof(IReadOnlyList<Conversation>))]
[JsonSerializable(typeof(IReadOnlyList<Message>))]
[JsonSerializable(typeof(IReadOnlyList<Decision>))]
[JsonSerializable(typeof(IReadOnlyList<Rule>))]
[JsonSerializable(typeof(IReadOnlyList<ActivityEntry>))]
[JsonSerializable(typeof(IReadOnlyList<IndicatorSnapshot>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
public sealed partial class NodJsonContext : JsonSerializerContext;
