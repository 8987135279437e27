using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Nod.AspNetCore.Tests.Infrastructure;

/// <summary>App API helpers: requests signed in through <see cref="TestAuthentication"/> and <c>/ws/app</c> sockets.</summary>
public sealed partial class NodWebHost
{
    /// <summary>The app stream URL, e.g. <c>ws://127.0.0.1:41234/ws/app?after=3</c>.</summary>
    public Uri AppSocketUri(string? query = null) =>
        new($"ws://{BaseAddress.Authority}{Prefix}/ws/app{(query is null ? string.Empty : "?" + query)}");

    /// <summary>An app API request as <paramref name="userId"/> (or anonymous when null).</summary>
    public static HttpRequestMessage AppRequest(string? userId, HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (userId is not null)
        {
            request.Headers.Add(TestAuthentication.UserHeader, userId);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return request;
    }

    /// <summary>Sends an app request; returns the status and the JSON body (<c>default</c> when the body is empty).</summary>
    public async Task<(int Status, JsonElement Body)> AppAsync(string? userId, HttpMethod method, string path, string? json = null)
    {
        using var request = AppRequest(userId, method, path, json);
        return await SendRawAsync(request);
    }

    /// <summary>Sends a request; returns the status and the JSON body, if any (a body is always JSON).</summary>
    public async Task<(int Status, JsonElement Body)> SendRawAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request).Within();
        var text = await response.Content.ReadAsStringAsync().Within();
        if (text.Length == 0)
        {
            return ((int)response.StatusCode, default);
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public Task<(int Status, JsonElement Body)> AppGetAsync(string userId, string path) => AppAsync(userId, HttpMethod.Get, path);

    public Task<(int Status, JsonElement Body)> AppPostAsync(string userId, string path, string? json = null) => AppAsync(userId, HttpMethod.Post, path, json);

    /// <summary>Opens <c>/ws/app</c> as <paramref name="userId"/> and reads the snapshot frame.</summary>
    public async Task<(AgentSocket Socket, JsonElement Snapshot)> ConnectAppAsync(string userId, long? after = null, string? origin = null)
    {
        var socket = await AgentSocket.ConnectAsync(AppSocketUri(after is null ? null : $"after={after}"), o =>
        {
            o.SetRequestHeader(TestAuthentication.UserHeader, userId);
            if (origin is not null)
            {
                o.SetRequestHeader("Origin", origin);
            }
        }).Within();
        var snapshot = await socket.ReceiveAsync().Within();
        Assert.Equal("snapshot", snapshot.GetProperty("type").GetString());
        return (socket, snapshot);
    }

    /// <summary>Tries to open <c>/ws/app</c> and returns the HTTP status that refused it (fails if it was accepted).</summary>
    public async Task<HttpStatusCode> RefusedAppUpgradeAsync(string? userId, string? query = null, string? origin = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (userId is not null)
        {
            socket.Options.SetRequestHeader(TestAuthentication.UserHeader, userId);
        }

        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(AppSocketUri(query), TestTimeouts.Token()).WaitAsync(TestTimeouts.Default));
        return socket.HttpStatusCode;
    }
}
