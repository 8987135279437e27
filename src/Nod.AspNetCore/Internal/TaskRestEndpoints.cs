using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// The agent task API and the inbound trigger URL (PROTOCOL §5). Agent routes authenticate like every agent call (and
/// share the agent's rate limit); the trigger route has no credentials but its token, a body limit of its own and a
/// rate limit per trigger. Every handler calls Core (<see cref="NodAgentClient"/>, <see cref="INodClientFactory.FireTriggerAsync"/>),
/// which holds the rules; errors become <c>{"detail": …}</c>.
/// </summary>
internal sealed class TaskRestEndpoints(AgentApi api, int maxTriggerBodySize, AgentRateLimiter triggerRateLimiter)
{
    /// <summary><c>GET /api/agent/tasks</c>: the agent's tasks (Task shape), a bare array.</summary>
    public Task GetTasksAsync(HttpContext context) => GuardAsync(context, api.Options.MaxRequestBodySize, async () =>
    {
        var agent = AgentAuthentication.Authenticate(context, api);
        var tasks = await agent.GetTasksAsync(context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(tasks, NodJsonContext.Default.IReadOnlyListAgentTask, HttpResponses.JsonContentType, context.RequestAborted)
            .ConfigureAwait(false);
    });

    /// <summary><c>POST /api/agent/tasks</c>: creates a task of the agent; <c>{"status":"ok","task_id", …}</c>.</summary>
    public Task CreateTaskAsync(HttpContext context) => GuardAsync(context, api.Options.MaxRequestBodySize, async () =>
    {
        var agent = AgentAuthentication.Authenticate(context, api);
        Model.CreateTaskRequest request;
        using (var body = await ReadJsonBodyAsync(context).ConfigureAwait(false))
        {
            request = TaskRequestReader.ReadCreateTask(body.Span);
        }

        var task = await agent.CreateTaskAsync(request, context.RequestAborted).ConfigureAwait(false);
        await WriteObjectAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteString("status"u8, "ok"u8);
            json.WriteString("task_id"u8, task.Id);
            if (task.TriggerId is { } triggerId)
            {
                // Only event tasks have a trigger; its URL saves the agent a lookup before it hands the URL out.
                json.WriteString("trigger_id"u8, triggerId);
                json.WriteString("trigger_url"u8, task.TriggerUrl);
            }
        }).ConfigureAwait(false);
    });

    /// <summary><c>GET /api/agent/tasks/due</c>: runs that fell due while the agent could not be told, not yet started.</summary>
    public Task GetDueTasksAsync(HttpContext context) => GuardAsync(context, api.Options.MaxRequestBodySize, async () =>
    {
        var agent = AgentAuthentication.Authenticate(context, api);
        var due = await agent.GetDueTasksAsync(context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(due, NodJsonContext.Default.IReadOnlyListDueTask, HttpResponses.JsonContentType, context.RequestAborted)
            .ConfigureAwait(false);
    });

    /// <summary><c>GET /api/agent/tasks/triggers/pending</c>: triggers received while the agent was offline.</summary>
    public Task GetPendingTriggersAsync(HttpContext context) => GuardAsync(context, api.Options.MaxRequestBodySize, async () =>
    {
        var agent = AgentAuthentication.Authenticate(context, api);
        var pending = await agent.GetPendingTriggersAsync(context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(pending, NodJsonContext.Default.IReadOnlyListPendingTrigger, HttpResponses.JsonContentType, context.RequestAborted)
            .ConfigureAwait(false);
    });

    /// <summary><c>POST /api/agent/tasks/{task_id}/run/start</c>: takes the waiting run, or starts a new one; <c>{"run_id"}</c>.</summary>
    public Task StartRunAsync(HttpContext context) => GuardAsync(context, api.Options.MaxRequestBodySize, async () =>
    {
        var agent = AgentAuthentication.Authenticate(context, api);
        var runId = await agent.StartRunAsync(RouteValue(context, "task_id"), context.RequestAborted).ConfigureAwait(false);
        await WriteObjectAsync(context, StatusCodes.Status200OK, json => json.WriteString("run_id"u8, runId)).ConfigureAwait(false);
    });

    /// <summary><c>POST /api/agent/tasks/runs/{run_id}/complete</c>: ends the run; 409 if it already ended.</summary>
    public Task CompleteRunAsync(HttpContext context) => GuardAsync(context, api.Options.MaxRequestBodySize, async () =>
    {
        var agent = AgentAuthentication.Authenticate(context, api);
        Model.CompleteRunRequest request;
        using (var body = await ReadJsonBodyAsync(context).ConfigureAwait(false))
        {
            request = TaskRequestReader.ReadCompleteRun(body.Span);
        }

        await agent.CompleteRunAsync(RouteValue(context, "run_id"), request, context.RequestAborted).ConfigureAwait(false);
        await WriteObjectAsync(context, StatusCodes.Status200OK, json => json.WriteString("status"u8, "ok"u8)).ConfigureAwait(false);
    });

    /// <summary>
    /// <c>POST /api/triggers/{trigger_id}</c>: any body of any type up to the trigger limit becomes the payload of a new
    /// run; <c>202 {"status":"ok","event_id","run_id"}</c>. Unknown and disabled triggers get the same 404.
    /// </summary>
    public Task FireTriggerAsync(HttpContext context) => GuardAsync(context, maxTriggerBodySize, async () =>
    {
        var request = context.Request;

        // Refused before anything is read or counted: the announced body is too large.
        if (request.ContentLength > maxTriggerBodySize)
        {
            throw TooLarge(maxTriggerBodySize);
        }

        // Charged before the body is read, so a flood costs as little as possible. Known and unknown tokens are
        // limited alike: the answers tell a caller nothing about which tokens exist.
        var triggerId = RouteValue(context, "trigger_id");

        // Tokens are trg_ + 32 hex: anything else shares one budget, so made-up long tokens cannot each claim memory.
        var partition = triggerId.Length == WellFormedTriggerIdLength && triggerId.StartsWith("trg_", StringComparison.Ordinal) ? triggerId : "(malformed)";
        if (!triggerRateLimiter.TryAcquire(partition, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            throw new NodException(NodErrorKind.RateLimited, string.Create(CultureInfo.InvariantCulture,
                $"rate limit exceeded: at most {triggerRateLimiter.PerSecond} requests per second per trigger (bursts of {triggerRateLimiter.Burst}); slow down and retry"));
        }

        Model.TriggerAccepted accepted;
        using (var body = await RequestBody.ReadAsync(request, maxTriggerBodySize, context.RequestAborted).ConfigureAwait(false))
        {
            if (body is null)
            {
                throw TooLarge(maxTriggerBodySize);
            }

            accepted = await api.Factory.FireTriggerAsync(triggerId, body.Memory, context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsJsonAsync(accepted, NodJsonContext.Default.TriggerAccepted, HttpResponses.JsonContentType, context.RequestAborted)
            .ConfigureAwait(false);
    });

    /// <summary>Anything else under <c>/api/triggers/</c>: 405 (with <c>Allow</c>) for a trigger URL with another method, else 404.</summary>
    public Task UnknownTriggerPathAsync(HttpContext context) => GuardAsync(context, maxTriggerBodySize, () =>
    {
        var path = context.Request.RouteValues["path"] as string ?? string.Empty;
        if (!HttpResponses.IsSingleSegment(path))
        {
            throw new NodException(NodErrorKind.NotFound, $"there is no trigger endpoint at /api/triggers/{HttpResponses.Bounded(path)}");
        }

        context.Response.Headers.Allow = HttpMethods.Post;
        return HttpResponses.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "a trigger URL only accepts POST");
    });

    /// <summary>The method a task path under <c>/api/agent/</c> accepts (for 405 answers), or <see langword="null"/> if it is not one.</summary>
    /// <param name="segments">The path after <c>/api/agent/</c>, split at <c>/</c>.</param>
    public static string? AllowedMethod(string[] segments) => segments switch
    {
        ["tasks"] => $"{HttpMethods.Get}, {HttpMethods.Post}",
        ["tasks", "due"] => HttpMethods.Get,
        ["tasks", "triggers", "pending"] => HttpMethods.Get,
        ["tasks", { Length: > 0 }, "run", "start"] => HttpMethods.Post,
        ["tasks", "runs", { Length: > 0 }, "complete"] => HttpMethods.Post,
        _ => null,
    };

    /// <summary>A JSON body (415 for another content type, 413 over the agent body limit).</summary>
    private async Task<RequestBody> ReadJsonBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (!JsonContentType.IsAcceptable(request.ContentType, out var contentTypeProblem))
        {
            throw new NodException(NodErrorKind.UnsupportedMediaType, contentTypeProblem);
        }

        return await RequestBody.ReadAsync(request, api.Options.MaxRequestBodySize, context.RequestAborted).ConfigureAwait(false)
            ?? throw TooLarge(api.Options.MaxRequestBodySize);
    }

    /// <summary>Writes a small JSON object without a model type.</summary>
    private static async Task WriteObjectAsync(HttpContext context, int status, Action<Utf8JsonWriter> writeProperties)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = HttpResponses.JsonContentType;
        using (var json = new Utf8JsonWriter(response.BodyWriter))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static string RouteValue(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? string.Empty;

    private Task GuardAsync(HttpContext context, int maxBodySize, Func<Task> handler) =>
        HttpResponses.GuardAsync(context, maxBodySize, api.Logger, handler);

    private static NodException TooLarge(int maxSize) => HttpResponses.TooLarge(maxSize);

    private const int WellFormedTriggerIdLength = 36;
}
