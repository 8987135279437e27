using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Nod.Benchmarks.Infrastructure;

namespace Nod.Benchmarks;

/// <summary>
/// Scenario 3: one agent message to N app WebSocket clients over loopback, until the last client has received it.
/// Every contender runs in the same Kestrel host with the same client count, and every client is a real client socket
/// in the same process. Baseline: a plain Kestrel WebSocket broadcast loop that sends pre-serialized bytes (the very
/// <c>message_created</c> frame Nod sends) to each socket in turn. Compared: Nod (the agent's message goes through the
/// engine — validation, commit to the in-memory store, serialization once — then the fan-out to every <c>/ws/app</c>
/// socket), and an ASP.NET Core SignalR hub broadcasting the same JSON to all its clients (WebSockets transport, JSON
/// protocol). Connecting happens once per case in the set-up; only publish → all received is measured.
/// </summary>
[MemoryDiagnoser]
public class WebSocketBroadcastBenchmarks
{
    private const string MessageText = "Deployed v2.4.1 to staging: all 1,284 tests passed.";
    private const int ConnectParallelism = 32;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    private readonly AsyncCountdown _countdown = new();
    private readonly List<ClientWebSocket> _sockets = [];
    private readonly List<HubConnection> _hubConnections = [];
    private readonly List<Task> _receivers = [];
    private readonly CancellationTokenSource _stop = new();
    private BroadcastServer _server = null!;
    private NodAgentClient _agent = null!;
    private byte[] _payload = [];
    private JsonElement _payloadElement;
    private WebSocket[] _plainSockets = [];

    [Params(1, 100, 1_000)]
    public int Clients { get; set; }

    [GlobalSetup(Target = nameof(PlainLoop))]
    public async Task SetupPlainAsync()
    {
        await StartServerAsync();
        await ConnectAsync(i => ConnectSocketAsync(_server.WebSocketUri("plain"), user: null));
        while (_server.PlainSockets.Count < Clients)
        {
            await Task.Delay(10);
        }

        _plainSockets = [.. _server.PlainSockets];
        await WarmUpAsync(PlainLoop);
    }

    [GlobalSetup(Target = nameof(Nod))]
    public async Task SetupNodAsync()
    {
        await StartServerAsync();
        await ConnectAsync(i => ConnectSocketAsync(_server.WebSocketUri("ws/app"), user: "alice"));
        await WarmUpAsync(Nod);
    }

    [GlobalSetup(Target = nameof(SignalR))]
    public async Task SetupSignalRAsync()
    {
        await StartServerAsync();
        await ConnectAsync(async i =>
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(_server.HttpUri("hub"), HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
                .Build();
            connection.On<JsonElement>("event", _ => _countdown.Signal());
            await connection.StartAsync();
            lock (_hubConnections)
            {
                _hubConnections.Add(connection);
            }
        });
        await WarmUpAsync(SignalR);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        foreach (var connection in _hubConnections)
        {
            await connection.DisposeAsync();
        }

        await _agent.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "plain Kestrel WebSocket loop (pre-serialized bytes)")]
    public async Task PlainLoop()
    {
        var done = _countdown.Start(Clients);
        foreach (var socket in _plainSockets)
        {
            await socket.SendAsync(_payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }

        await done;
    }

    [Benchmark(Description = "Nod: agent message → /ws/app")]
    public async Task Nod()
    {
        var done = _countdown.Start(Clients);
        await _agent.SendMessageAsync(MessageText);
        await done;
    }

    [Benchmark(Description = "SignalR hub: Clients.All.SendAsync")]
    public async Task SignalR()
    {
        var done = _countdown.Start(Clients);
        await _server.Hub.Clients.All.SendAsync("event", _payloadElement);
        await done;
    }

    /// <summary>Starts the host and the agent, and captures the exact frame Nod sends for one message.</summary>
    private async Task StartServerAsync()
    {
        _server = await BroadcastServer.StartAsync();
        var user = _server.Nod.ForUser("alice", "Alice");
        var credentials = await user.CreateAgentAsync(new CreateAgentRequest { Name = "Deploy bot" });
        _agent = await _server.Nod.ConnectAgentAsync(credentials.AgentId, credentials.Secret);
        await using var stream = await user.SubscribeAsync();
        await _agent.SendMessageAsync(MessageText);
        await foreach (var nodEvent in stream.ReadAllAsync())
        {
            if (nodEvent.Type == MessageCreatedFrame.TypeName)
            {
                _payload = nodEvent.Payload.ToArray();
                _payloadElement = JsonDocument.Parse(_payload).RootElement.Clone();
                break;
            }
        }
    }

    /// <summary>
    /// Thousands of sockets take seconds of publishing before every path is jitted and the thread pool settled (the
    /// plain loop more than halves its time over its first seconds), longer than a short job's warm-up: every contender
    /// gets the same head start here.
    /// </summary>
    private static async Task WarmUpAsync(Func<Task> publish)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < WarmUp)
        {
            await publish();
        }
    }

    private async Task ConnectAsync(Func<int, Task> connect)
    {
        using var gate = new SemaphoreSlim(ConnectParallelism);
        var connecting = Enumerable.Range(0, Clients).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await connect(i);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(connecting);
    }

    /// <summary>A client socket whose receive loop signals every <c>message_created</c> frame (the app stream's snapshot is skipped).</summary>
    private async Task ConnectSocketAsync(Uri uri, string? user)
    {
        var socket = new ClientWebSocket();
        if (user is not null)
        {
            socket.Options.SetRequestHeader(BroadcastServer.UserHeader, user);
        }

        await socket.ConnectAsync(uri, _stop.Token);
        var receiving = ReceiveAsync(socket);
        lock (_sockets)
        {
            _sockets.Add(socket);
            _receivers.Add(receiving);
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += received.Count;
                if (!received.EndOfMessage)
                {
                    // Only the snapshot can be this large; it is not counted.
                    length = length == buffer.Length ? 0 : length;
                    continue;
                }

                if (buffer.AsSpan(0, length).StartsWith("{\"type\":\"message_created\""u8))
                {
                    _countdown.Signal();
                }

                length = 0;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Cleanup.
        }
    }
}
