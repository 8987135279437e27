using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nod.Testing;

/// <summary>
/// A real webhook receiver on loopback Kestrel: records every request and answers with the scripted responses, in
/// order, then <see cref="DefaultStatus"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly CancellationTokenSource _hang = new();

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>The status answered when no scripted response is left (200 unless set).</summary>
    public int DefaultStatus { get; set; } = StatusCodes.Status200OK;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await receiver!._received.Writer.WriteAsync(new ReceivedRequest(headers, body.ToArray()));
            if (receiver._script.TryDequeue(out var respond))
            {
                await respond(context);
            }
            else
            {
                context.Response.StatusCode = receiver.DefaultStatus;
            }
        });
        await app.StartAsync().Within();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, address + "/hook");
        return receiver;
    }

    /// <summary>The next request answers with this status (and optional Retry-After seconds).</summary>
    public void Then(int status, int? retryAfterSeconds = null) => _script.Enqueue(context =>
    {
        context.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    });

    /// <summary>The next request never gets an answer (until the receiver is disposed).</summary>
    public void ThenHang() => _script.Enqueue(context => Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(_hang.Token, context.RequestAborted).Token)
        .ContinueWith(_ => { }, TaskScheduler.Default));

    /// <summary>The next request arriving (within <see cref="TestTimeouts.Default"/>).</summary>
    public async Task<ReceivedRequest> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Whether a request arrived that nobody read yet.</summary>
    public bool HasUnread => _received.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync()
    {
        await _hang.CancelAsync();
        await _app.StopAsync().Within();
        await _app.DisposeAsync();
        _hang.Dispose();
    }
}

/// <summary>One request the receiver got.</summary>
public sealed record ReceivedRequest(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"no {name} header");
}
