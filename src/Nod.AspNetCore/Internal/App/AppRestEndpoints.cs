using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Nod.Model;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// The app REST API (PROTOCOL §7): each handler reads the route, query and body, calls the signed-in user's
/// <see cref="NodUserClient"/> and writes its answer. Access rules (404 for what the user cannot see, 403 owner-only)
/// live in Core; nothing here decides who may do what.
/// </summary>
internal sealed class AppRestEndpoints(AppApi api)
{
    // ---- Me and agents ----

    public Task MeAsync(HttpContext context) => HandleAsync(context, user =>
        WriteAsync(context, StatusCodes.Status200OK, new MeResponse(user.UserId, user.DisplayName), AppJsonContext.Default.MeResponse));

    public Task CreateAgentAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var request = await ReadAsync(context, AppJsonContext.Default.CreateAgentRequest).ConfigureAwait(false);
        var created = await user.CreateAgentAsync(request, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status201Created, created, NodJsonContext.Default.AgentCredentials).ConfigureAwait(false);
    });

    public Task ListAgentsAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var agents = await user.GetAgentsAsync(context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new AgentList(agents), AppJsonContext.Default.AgentList).ConfigureAwait(false);
    });

    public Task GetAgentAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var agent = await user.GetAgentAsync(Route(context, "agent_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, agent, NodJsonContext.Default.Agent).ConfigureAwait(false);
    });

    public Task UpdateAgentAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var request = await ReadAsync(context, AppJsonContext.Default.UpdateAgentRequest).ConfigureAwait(false);
        var agent = await user.UpdateAgentAsync(Route(context, "agent_id"), request, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, agent, NodJsonContext.Default.Agent).ConfigureAwait(false);
    });

    public Task DeleteAgentAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        await user.DeleteAgentAsync(Route(context, "agent_id"), context.RequestAborted).ConfigureAwait(false);
        NoContent(context);
    });

    public Task RotateSecretAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        AppRequestBody.CheckContentType(context.Request);
        var secret = await user.RotateSecretAsync(Route(context, "agent_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new SecretResponse(secret), AppJsonContext.Default.SecretResponse).ConfigureAwait(false);
    });

    public Task RotateWebhookSecretAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        AppRequestBody.CheckContentType(context.Request);
        var secret = await user.RotateWebhookSecretAsync(Route(context, "agent_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new WebhookSecretResponse(secret), AppJsonContext.Default.WebhookSecretResponse).ConfigureAwait(false);
    });

    public Task ShareAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var request = await ReadAsync(context, AppJsonContext.Default.ShareRequest).ConfigureAwait(false);
        await user.ShareAgentAsync(Route(context, "agent_id"), request.UserId ?? string.Empty, context.RequestAborted).ConfigureAwait(false);
        NoContent(context);
    });

    public Task UnshareAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        await user.UnshareAgentAsync(Route(context, "agent_id"), Route(context, "user_id"), context.RequestAborted).ConfigureAwait(false);
        NoContent(context);
    });

    // ---- Conversations and messages ----

    public Task ListConversationsAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var conversations = await user.GetConversationsAsync(Route(context, "agent_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new ConversationList(conversations), AppJsonContext.Default.ConversationList).ConfigureAwait(false);
    });

    public Task CreateConversationAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        // The body is optional: an empty one creates an untitled conversation.
        var request = await ReadAsync(context, AppJsonContext.Default.CreateConversationRequest, new CreateConversationRequest()).ConfigureAwait(false);
        var conversation = await user.CreateConversationAsync(Route(context, "agent_id"), request, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status201Created, conversation, NodJsonContext.Default.Conversation).ConfigureAwait(false);
    });

    public Task GetConversationAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var conversation = await user.GetConversationAsync(Route(context, "conversation_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, conversation, NodJsonContext.Default.Conversation).ConfigureAwait(false);
    });

    public Task ListMessagesAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var query = context.Request.Query;
        var before = AppQuery.Before(query);
        var limit = AppQuery.Limit(query);
        var page = await user.GetMessagesAsync(Route(context, "conversation_id"), before, limit, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new MessagePage(page.Items, page.NextBefore), AppJsonContext.Default.MessagePage).ConfigureAwait(false);
    });

    public Task SendMessageAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var request = await ReadAsync(context, AppJsonContext.Default.SendMessageRequest).ConfigureAwait(false);
        var message = await user.SendMessageAsync(Route(context, "conversation_id"), request, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status201Created, message, NodJsonContext.Default.Message).ConfigureAwait(false);
    });

    // ---- Decisions ----

    public Task ListDecisionsAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var query = context.Request.Query;
        var filter = new DecisionQuery
        {
            Status = AppQuery.DecisionStatus(query),
            AgentId = AppQuery.Id(query, "agent_id"),
            ConversationId = AppQuery.Id(query, "conversation_id"),
            Before = AppQuery.Before(query),
            Limit = AppQuery.Limit(query),
        };
        var page = await user.GetDecisionsAsync(filter, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new DecisionPage(page.Items, page.NextBefore), AppJsonContext.Default.DecisionPage).ConfigureAwait(false);
    });

    public Task GetDecisionAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var decision = await user.GetDecisionAsync(Route(context, "decision_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, decision, NodJsonContext.Default.Decision).ConfigureAwait(false);
    });

    public Task ResolveDecisionAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var request = await ReadAsync(context, AppJsonContext.Default.ResolveDecisionRequest).ConfigureAwait(false);
        var decision = await user.ResolveDecisionAsync(Route(context, "decision_id"), request, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, decision, NodJsonContext.Default.Decision).ConfigureAwait(false);
    });

    // ---- Rules, activity, indicators ----

    public Task ListRulesAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var rules = await user.GetRulesAsync(Route(context, "agent_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new RuleList(rules), AppJsonContext.Default.RuleList).ConfigureAwait(false);
    });

    public Task AddRuleAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var request = await ReadAsync(context, AppJsonContext.Default.AddRuleRequest).ConfigureAwait(false);
        var rule = await user.AddRuleAsync(Route(context, "agent_id"), request, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status201Created, rule, NodJsonContext.Default.Rule).ConfigureAwait(false);
    });

    public Task RevokeRuleAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        await user.RevokeRuleAsync(Route(context, "agent_id"), Route(context, "rule_id"), context.RequestAborted).ConfigureAwait(false);
        NoContent(context);
    });

    public Task ListActivityAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var query = context.Request.Query;
        var agentId = AppQuery.Id(query, "agent_id");
        var before = AppQuery.Before(query);
        var limit = AppQuery.Limit(query);
        var page = await user.GetActivityAsync(agentId, before, limit, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new ActivityPage(page.Items, page.NextBefore), AppJsonContext.Default.ActivityPage).ConfigureAwait(false);
    });

    public Task ListIndicatorsAsync(HttpContext context) => HandleAsync(context, user =>
        WriteAsync(context, StatusCodes.Status200OK, new IndicatorList(user.GetIndicators()), AppJsonContext.Default.IndicatorList));

    // ---- Tasks ----

    public Task ListTasksAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var tasks = await user.GetTasksAsync(Route(context, "agent_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new TaskList(tasks), AppJsonContext.Default.TaskList).ConfigureAwait(false);
    });

    public Task CreateTaskAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var request = await ReadAsync(context, AppJsonContext.Default.CreateTaskRequest).ConfigureAwait(false);
        var task = await user.CreateTaskAsync(Route(context, "agent_id"), request, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status201Created, task, NodJsonContext.Default.AgentTask).ConfigureAwait(false);
    });

    public Task GetTaskAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var task = await user.GetTaskAsync(Route(context, "task_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, task, NodJsonContext.Default.AgentTask).ConfigureAwait(false);
    });

    public Task UpdateTaskAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var request = await ReadAsync(context, AppJsonContext.Default.UpdateTaskRequest).ConfigureAwait(false);
        var task = await user.UpdateTaskAsync(Route(context, "task_id"), request, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, task, NodJsonContext.Default.AgentTask).ConfigureAwait(false);
    });

    public Task DeleteTaskAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        await user.DeleteTaskAsync(Route(context, "task_id"), context.RequestAborted).ConfigureAwait(false);
        NoContent(context);
    });

    public Task RunTaskAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        AppRequestBody.CheckContentType(context.Request);
        var runId = await user.RunTaskNowAsync(Route(context, "task_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status201Created, new RunCreatedResponse(runId), AppJsonContext.Default.RunCreatedResponse).ConfigureAwait(false);
    });

    public Task ListRunsAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var limit = AppQuery.Limit(context.Request.Query);
        var runs = await user.GetRunsAsync(Route(context, "task_id"), limit, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new RunList(runs), AppJsonContext.Default.RunList).ConfigureAwait(false);
    });

    // ---- Webhook deliveries ----

    public Task ListDeliveriesAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        var query = context.Request.Query;
        var status = AppQuery.DeliveryStatus(query);
        var limit = AppQuery.Limit(query);
        var deliveries = await user.GetDeliveriesAsync(Route(context, "agent_id"), status, limit, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, new DeliveryList(deliveries), AppJsonContext.Default.DeliveryList).ConfigureAwait(false);
    });

    public Task RedeliverAsync(HttpContext context) => HandleAsync(context, async user =>
    {
        AppRequestBody.CheckContentType(context.Request);
        var delivery = await user.RedeliverAsync(Route(context, "agent_id"), Route(context, "event_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status202Accepted, delivery, NodJsonContext.Default.WebhookDelivery).ConfigureAwait(false);
    });

    // ---- Anything else ----

    /// <summary>Anything else under <c>/api/app/</c>: 405 (with <c>Allow</c>) for a known path with another method, else 404.</summary>
    public Task UnknownAsync(HttpContext context) => GuardAsync(context, () =>
    {
        var path = "/api/app/" + (context.Request.RouteValues["path"] as string ?? string.Empty).Trim('/');
        var allowed = AppRoutes.AllowedMethods(path);
        if (allowed.Count == 0)
        {
            throw new NodException(NodErrorKind.NotFound, $"there is no app API endpoint at {HttpResponses.Bounded(path)}");
        }

        var allow = string.Join(", ", allowed);
        context.Response.Headers.Allow = allow;
        return HttpResponses.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, $"{HttpResponses.Bounded(path)} only accepts {allow}");
    });

    /// <summary>Resolves the user, runs the handler, and maps every failure to a status and <c>{"detail"}</c>.</summary>
    private Task HandleAsync(HttpContext context, Func<NodUserClient, Task> handler) =>
        GuardAsync(context, () => handler(api.User(context)));

    private Task GuardAsync(HttpContext context, Func<Task> handler) =>
        HttpResponses.GuardAsync(context, api.Options.MaxAppRequestBodySize, api.Logger, handler);

    private Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, T? empty = null)
        where T : class =>
        AppRequestBody.ReadAsync(context, typeInfo, api.Options.MaxAppRequestBodySize, empty);

    private static Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, typeInfo, HttpResponses.JsonContentType, context.RequestAborted);
    }

    private static void NoContent(HttpContext context) => context.Response.StatusCode = StatusCodes.Status204NoContent;

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? string.Empty;
}
