using System.Text.Json;
using System.Text.Json.Serialization;
using Nod.Model;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// Source-generated JSON of the app API: the request bodies it reads and the list wrappers it writes. The options are
/// those of <see cref="NodJsonContext"/> (snake_case, every field written, ISO-8601 UTC), except that enums accept
/// only their wire names: a number where <c>"approved"</c> belongs is a 400, not status 1.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    Converters = [
        typeof(UtcTimestampConverter),
        typeof(WireNameOnlyConverter<AgentType>),
        typeof(WireNameOnlyConverter<DecisionStatus>),
        typeof(WireNameOnlyConverter<RuleEffect>)])]
// Requests
[JsonSerializable(typeof(CreateAgentRequest))]
[JsonSerializable(typeof(UpdateAgentRequest))]
[JsonSerializable(typeof(ShareRequest))]
[JsonSerializable(typeof(CreateConversationRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(ResolveDecisionRequest))]
[JsonSerializable(typeof(AddRuleRequest))]
[JsonSerializable(typeof(CreateTaskRequest))]
[JsonSerializable(typeof(UpdateTaskRequest))]
// Responses
[JsonSerializable(typeof(MeResponse))]
[JsonSerializable(typeof(SecretResponse))]
[JsonSerializable(typeof(WebhookSecretResponse))]
[JsonSerializable(typeof(RunCreatedResponse))]
[JsonSerializable(typeof(AgentList))]
[JsonSerializable(typeof(ConversationList))]
[JsonSerializable(typeof(MessagePage))]
[JsonSerializable(typeof(DecisionPage))]
[JsonSerializable(typeof(RuleList))]
[JsonSerializable(typeof(ActivityPage))]
[JsonSerializable(typeof(IndicatorList))]
[JsonSerializable(typeof(TaskList))]
[JsonSerializable(typeof(RunList))]
[JsonSerializable(typeof(DeliveryList))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class AppJsonContext : JsonSerializerContext;

/// <summary>Reads and writes an enum by its <c>[JsonStringEnumMemberName]</c> wire names only; numbers are refused.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal sealed class WireNameOnlyConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;

/// <summary><c>POST /api/app/agents/{agent_id}/shares</c>.</summary>
internal sealed record ShareRequest
{
    public string? UserId { get; init; }
}

/// <summary><c>GET /api/app/me</c>.</summary>
internal sealed record MeResponse(string UserId, string Name);

/// <summary><c>POST …/rotate-secret</c>: the new agent secret, shown once.</summary>
internal sealed record SecretResponse(string Secret);

/// <summary><c>POST …/rotate-webhook-secret</c>: the new webhook signing secret.</summary>
internal sealed record WebhookSecretResponse(string WebhookSecret);

/// <summary><c>POST /api/app/tasks/{task_id}/run</c>.</summary>
internal sealed record RunCreatedResponse(string RunId);

internal sealed record AgentList(IReadOnlyList<Agent> Agents);

internal sealed record ConversationList(IReadOnlyList<Conversation> Conversations);

internal sealed record MessagePage(IReadOnlyList<Message> Messages, long? NextBefore);

internal sealed record DecisionPage(IReadOnlyList<Decision> Decisions, long? NextBefore);

internal sealed record RuleList(IReadOnlyList<Rule> Rules);

internal sealed record ActivityPage(IReadOnlyList<ActivityEntry> Activity, long? NextBefore);

internal sealed record IndicatorList(IReadOnlyList<IndicatorSnapshot> Indicators);

internal sealed record TaskList(IReadOnlyList<AgentTask> Tasks);

internal sealed record RunList(IReadOnlyList<TaskRun> Runs);

internal sealed record DeliveryList(IReadOnlyList<WebhookDelivery> Deliveries);
