using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Nod.Browser.Tests.Infrastructure;

/// <summary>
/// An agent outside the host, written only from PROTOCOL.md: REST calls with <c>X-Nod-Agent-Id</c> / <c>X-Nod-Secret</c>,
/// and the agent WebSocket (<c>/ws/agent/{agent_id}</c>, auth frame first, frames with <c>ref</c> acknowledged).
/// Updates pushed on the socket (<c>user_message</c>, <c>decision_resolved</c>, …) are queued for the test to read.
/// </summary>
public sealed class ExternalAgent : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonElement> _updates = Channel.CreateUnbounded<JsonElement>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _replies = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextRef;

    private ExternalAgent(Uri baseAddress, string agentId, string secret)
    {
        AgentId = agentId;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TestTimeouts.Default };
        _http.DefaultRequestHeaders.Add("X-Nod-Agent-Id", agentId);
        _http.DefaultRequestHeaders.Add("X-Nod-Secret", secret);
        BaseAddress = baseAddress;
        Secret = secret;
    }

    public string AgentId { get; }

    public string Secret { get; }

    public Uri BaseAddress { get; }

    /// <summary>The default conversation, from <c>auth_ok</c>.</summary>
    public string ConversationId { get; private set; } = string.Empty;

    /// <summary>Opens the agent WebSocket and authenticates (the agent is online from now on).</summary>
    public static async Task<ExternalAgent> ConnectAsync(Uri baseAddress, string agentId, string secret)
    {
        var agent = new ExternalAgent(baseAddress, agentId, secret);
        var uri = new Uri($"ws://{baseAddress.Authority}/ws/agent/{agentId}");
        await agent._socket.ConnectAsync(uri, TestTimeouts.Token()).Within();
        await agent.SendTextAsync(JsonSerializer.Serialize(new { type = "auth", secret }));
        var authOk = JsonDocument.Parse(await agent.ReceiveTextAsync().Within() ?? "{}").RootElement.Clone();
        Assert.Equal("auth_ok", authOk.GetProperty("type").GetString());
        agent.ConversationId = authOk.GetProperty("conversation_id").GetString()!;
        agent._receiving = Task.Run(agent.ReceiveLoopAsync);
        return agent;
    }

    /// <summary>A REST-only agent (it never comes online).</summary>
    public static ExternalAgent Rest(Uri baseAddress, string agentId, string secret) => new(baseAddress, agentId, secret);

    /// <summary><c>POST /api/agent/events</c>; returns the JSON response (fails on anything but 200).</summary>
    public async Task<JsonElement> PostEventAsync(object agentEvent)
    {
        using var content = new StringContent(JsonSerializer.Serialize(agentEvent), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync("api/agent/events", content).Within();
        var body = await response.Content.ReadAsStringAsync().Within();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/agent/events answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Any REST call of the agent API; returns the status and the body.</summary>
    public async Task<(int Status, JsonElement Body)> CallAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request).Within();
        var text = await response.Content.ReadAsStringAsync().Within();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Sends an event over the WebSocket with a <c>ref</c> and returns the <c>ack</c> (fails on an <c>error</c> frame).</summary>
    public async Task<JsonElement> SendAsync(object agentEvent)
    {
        var reference = $"r{Interlocked.Increment(ref _nextRef)}";
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _replies[reference] = reply;
        var json = JsonSerializer.SerializeToNode(agentEvent)!.AsObject();
        json["ref"] = reference;
        await SendTextAsync(json.ToJsonString());
        var answer = await reply.Task.Within();
        Assert.True(answer.GetProperty("type").GetString() == "ack", $"The server refused the frame: {answer}");
        return answer;
    }

    /// <summary>The next pushed update of <paramref name="type"/> (and matching <paramref name="where"/>), skipping others.</summary>
    public async Task<JsonElement> NextUpdateAsync(string type, Func<JsonElement, bool>? where = null)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (true)
        {
            JsonElement update;
            try
            {
                update = await _updates.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {type} update reached agent {AgentId} within {TestTimeouts.Default}.");
            }

            if (update.GetProperty("type").GetString() == type && (where is null || where(update)))
            {
                return update;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", TestTimeouts.Token());
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server is gone already.
            }
        }

        try
        {
            await _receiving.WaitAsync(TestTimeouts.Default);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Ended with the socket.
        }

        _socket.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }

    private Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, TestTimeouts.Token()).Within();

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var text = await ReceiveTextAsync(_stop.Token);
                if (text is null)
                {
                    break;
                }

                var frame = JsonDocument.Parse(text).RootElement.Clone();
                if (frame.TryGetProperty("ref", out var reference) && _replies.TryRemove(reference.GetString()!, out var reply))
                {
                    reply.TrySetResult(frame);
                }
                else if (frame.GetProperty("type").GetString() is not ("pong" or "ack" or "error"))
                {
                    await _updates.Writer.WriteAsync(frame);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The socket closed.
        }
        finally
        {
            _updates.Writer.TryComplete();
        }
    }

    private async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken = default)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, linked.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }
}
