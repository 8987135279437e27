using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nod.Protocol;
using Nod.Storage;

namespace Nod.AspNetCore.Internal;

/// <summary>
/// The agent REST API (PROTOCOL §3–§4): events, update polling, the agent's decisions. Every handler parses with the
/// shared parser and calls the engine through <see cref="NodAgentClient"/>; errors become <c>{"detail": …}</c>.
/// </summary>
internal sealed class AgentRestEndpoints(AgentApi api)
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Flush the updates page to the network every this many bytes, so a page of big events is not held whole.</summary>
    private const int FlushThreshold = 64 * 1024;

    /// <summary><c>POST /api/agent/events</c>: one §3 event; answers <c>{"status":"ok", …ids}</c>.</summary>
    public Task PostEventAsync(HttpContext context) => GuardAsync(context, async () =>
    {
        var agent = AgentAuthentication.Authenticate(context, api);
        var request = context.Request;
        if (!JsonContentType.IsAcceptable(request.ContentType, out var contentTypeProblem))
        {
            throw new NodException(NodErrorKind.UnsupportedMediaType, contentTypeProblem);
        }

        var idempotencyKey = request.Headers[IdempotencyKeyHeader] switch
        {
            { Count: 0 } => null,
            { Count: 1 } single => single[0] ?? string.Empty,
            _ => throw new NodException(NodErrorKind.InvalidRequest, $"{IdempotencyKeyHeader} must be given once"),
        };

        AgentEventParseResult parsed;
        using (var body = await RequestBody.ReadAsync(request, api.Options.MaxRequestBodySize, context.RequestAborted).ConfigureAwait(false))
        {
            if (body is null)
            {
                throw TooLarge();
            }

            parsed = api.Parser.Parse(body.Span);
        }

        var agentEvent = parsed.Event ?? throw new NodException(NodErrorKind.InvalidRequest, parsed.Error!);
        if (agentEvent is PingEvent)
        {
            throw new NodException(NodErrorKind.InvalidRequest, "type 'ping' is only accepted over the WebSocket (/ws/agent/{agent_id})");
        }

        var result = await agent.SendAsync(agentEvent, idempotencyKey, context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(result, NodJsonContext.Default.AgentEventResult, HttpResponses.JsonContentType, context.RequestAborted)
            .ConfigureAwait(false);
    });

    /// <summary><c>GET /api/agent/updates?after=&amp;limit=&amp;wait_s=</c>: a page of the update log, long-polled when asked.</summary>
    public Task GetUpdatesAsync(HttpContext context) => GuardAsync(context, async () =>
    {
        var agent = AgentAuthentication.Authenticate(context, api);
        var query = UpdatesQuery.Parse(context.Request.Query, api.Options.MaxLongPollWait);
        var page = await agent.GetUpdatesAsync(query.After, query.Limit, context.RequestAborted).ConfigureAwait(false);
        if (page.Count == 0 && query.Wait > TimeSpan.Zero)
        {
            page = await LongPoll.WaitAsync(agent, query.After, query.Limit, query.Wait, api.Time, api.Stopping, context.RequestAborted)
                .ConfigureAwait(false);
        }

        // An empty page keeps the agent's position, unless the log never reached it: then polling on would never
        // return anything, so the agent is sent back to the head.
        var nextAfter = page.Count > 0
            ? page[^1].Seq
            : Math.Min(query.After, await agent.GetLatestSeqAsync(context.RequestAborted).ConfigureAwait(false));
        await WriteUpdatesAsync(context.Response, page, nextAfter, context.RequestAborted).ConfigureAwait(false);
    });

    /// <summary><c>GET /api/agent/decisions/{decision_id}</c>: the agent's decision as it is now.</summary>
    public Task GetDecisionAsync(HttpContext context) => GuardAsync(context, async () =>
    {
        var agent = AgentAuthentication.Authenticate(context, api);
        var decision = await agent.GetDecisionAsync(DecisionId(context), context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(decision, NodJsonContext.Default.Decision, HttpResponses.JsonContentType, context.RequestAborted)
            .ConfigureAwait(false);
    });

    /// <summary><c>POST /api/agent/decisions/{decision_id}/cancel</c>: withdraws a pending decision; 409 if already resolved.</summary>
    public Task CancelDecisionAsync(HttpContext context) => GuardAsync(context, async () =>
    {
        var agent = AgentAuthentication.Authenticate(context, api);
        var decision = await agent.CancelDecisionAsync(DecisionId(context), context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(decision, NodJsonContext.Default.Decision, HttpResponses.JsonContentType, context.RequestAborted)
            .ConfigureAwait(false);
    });

    /// <summary>Anything else under <c>/api/agent/</c>: 405 for a known path with another method, else 404, both with a detail.</summary>
    public Task UnknownAsync(HttpContext context) => GuardAsync(context, () =>
    {
        var path = context.Request.RouteValues["path"] as string ?? string.Empty;
        var allowed = AllowedMethod(path);
        if (allowed is null)
        {
            throw new NodException(NodErrorKind.NotFound, $"there is no agent API endpoint at /api/agent/{HttpResponses.Bounded(path)}");
        }

        context.Response.Headers.Allow = allowed;
        return HttpResponses.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, $"/api/agent/{HttpResponses.Bounded(path)} only accepts {allowed}");
    });

    /// <summary>Writes <c>{"updates":[…],"next_after":n}</c>, each event's stored payload as it is (serialized once).</summary>
    private static async Task WriteUpdatesAsync(HttpResponse response, IReadOnlyList<NodEvent> updates, long nextAfter, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = HttpResponses.JsonContentType;
        var output = response.BodyWriter;
        var json = new Utf8JsonWriter(output);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteStartArray("updates"u8);
            var unflushed = 0;
            foreach (var update in updates)
            {
                json.WriteRawValue(update.Payload.Span, skipInputValidation: true);
                unflushed += update.Payload.Length;
                if (unflushed >= FlushThreshold)
                {
                    json.Flush();
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    unflushed = 0;
                }
            }

            json.WriteEndArray();
            json.WriteNumber("next_after"u8, nextAfter);
            json.WriteEndObject();
            json.Flush();
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string DecisionId(HttpContext context) => context.Request.RouteValues["decision_id"] as string ?? string.Empty;

    private Task GuardAsync(HttpContext context, Func<Task> handler) =>
        HttpResponses.GuardAsync(context, api.Options.MaxRequestBodySize, api.Logger, handler);

    private NodException TooLarge() => HttpResponses.TooLarge(api.Options.MaxRequestBodySize);

    private static string? AllowedMethod(string path)
    {
        var segments = path.Trim('/').Split('/');
        return segments switch
        {
            ["events"] => HttpMethods.Post,
            ["updates"] => HttpMethods.Get,
            ["decisions", { Length: > 0 }] => HttpMethods.Get,
            ["decisions", { Length: > 0 }, "cancel"] => HttpMethods.Post,
            _ => TaskRestEndpoints.AllowedMethod(segments),
        };
    }
}
