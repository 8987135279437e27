using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nod.Browser.Tests.Infrastructure;

/// <summary>An agent's webhook endpoint on 127.0.0.1: records each delivery's headers and answers a fixed status.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<IReadOnlyDictionary<string, string>> _deliveries = Channel.CreateUnbounded<IReadOnlyDictionary<string, string>>();

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The status answered to every delivery.</summary>
    public int Status { get; set; } = StatusCodes.Status400BadRequest;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await receiver!._deliveries.Writer.WriteAsync(headers);
            return Results.StatusCode(receiver.Status);
        });
        await app.StartAsync().Within();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, new Uri(address.TrimEnd('/') + "/hook"));
        return receiver;
    }

    /// <summary>The headers of the next delivery.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NextAsync() => await _deliveries.Reader.ReadAsync(TestTimeouts.Token()).AsTask().Within();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
