using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nod.Benchmarks.Infrastructure;

/// <summary>
/// One Kestrel host on 127.0.0.1 (a free port) serving the three contenders of the end-to-end benchmark side by side:
/// Nod (<c>MapNod()</c>, app stream at <c>/ws/app</c>), a plain WebSocket endpoint (<c>/plain</c>) whose sockets the
/// benchmark writes to directly, and a SignalR hub (<c>/hub</c>).
/// </summary>
internal sealed class BroadcastServer : IAsyncDisposable
{
    public const string UserHeader = "X-Benchmark-User";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<WebSocket> _plainSockets = new();
    private readonly CancellationTokenSource _stopping = new();

    private BroadcastServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public INodClientFactory Nod => _app.Services.GetRequiredService<INodClientFactory>();

    public IHubContext<BroadcastHub> Hub => _app.Services.GetRequiredService<IHubContext<BroadcastHub>>();

    /// <summary>The server ends of the plain sockets, as accepted.</summary>
    public IReadOnlyCollection<WebSocket> PlainSockets => _plainSockets;

    public static async Task<BroadcastServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSignalR();
        builder.Services.AddNod();
        var app = builder.Build();
        var server = new BroadcastServer(app);
        app.UseWebSockets();
        app.MapNod();
        app.Map("/plain", server.AcceptPlainAsync);
        app.MapHub<BroadcastHub>("/hub");
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public Uri WebSocketUri(string path) => new($"ws://{BaseAddress.Authority}/{path}");

    public Uri HttpUri(string path) => new(BaseAddress, path);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>A plain broadcast target: accept, remember, and read until the client goes away.</summary>
    private async Task AcceptPlainAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        _plainSockets.Enqueue(socket);
        var buffer = new byte[256];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), _stopping.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Stopping or gone.
        }
    }

    /// <summary><c>X-Benchmark-User: alice</c> signs the request in as <c>alice</c>; the app API needs the host's authentication.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Benchmark";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var user = Request.Headers[UserHeader].ToString();
            if (user.Length == 0)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, user)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}

/// <summary>The SignalR contender: the server only broadcasts, through <see cref="IHubContext{THub}"/>.</summary>
#pragma warning disable CA1515 // SignalR needs a public hub type.
public sealed class BroadcastHub : Hub;
#pragma warning restore CA1515
