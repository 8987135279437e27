using Nod.Core.Tests.Infrastructure;
using Nod.Model;

namespace Nod.Core.Tests.Webhooks;

/// <summary>A host on fake time with a commit probe, a loopback receiver, and an offline agent whose webhook points at it.</summary>
internal sealed class WebhookTestBed : IAsyncDisposable
{
    private WebhookTestBed(NodTestHost host, CommitProbe probe, WebhookReceiver receiver, NodUserClient user, AgentCredentials agent)
    {
        Host = host;
        Probe = probe;
        Receiver = receiver;
        User = user;
        Agent = agent;
    }

    public NodTestHost Host { get; }

    public CommitProbe Probe { get; }

    public WebhookReceiver Receiver { get; }

    public NodUserClient User { get; }

    public AgentCredentials Agent { get; }

    public static async Task<WebhookTestBed> StartAsync(Action<NodOptions>? configure = null, CommitProbe? probe = null, Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null)
    {
        probe ??= new CommitProbe();
        var receiver = await WebhookReceiver.StartAsync();
        var host = await NodTestHost.StartAsync(o =>
        {
            o.Webhooks.AllowPrivateNetworks = true;
            o.Webhooks.Jitter = 0;
            configure?.Invoke(o);
        }, probe.Register, time);
        var user = host.Nod.ForUser("alice", "Alice");
        var agent = await user.CreateAgentRequestAsync(receiver.Url);
        return new WebhookTestBed(host, probe, receiver, user, agent);
    }

    /// <summary>Completes when the delivery of <paramref name="eventId"/> (or of any event, when null) is committed with this many attempts.</summary>
    public Task AttemptRecorded(int attempts, string? eventId = null) =>
        Probe.WaitForAsync(set => set.Deliveries.Any(d => d.Attempts == attempts && (eventId is null || d.EventId == eventId)));

    public async Task<WebhookDelivery> DeliveryAsync(string eventId) =>
        await Host.Store.Deliveries.GetAsync(eventId).Within() ?? throw new InvalidOperationException($"no delivery for {eventId}");

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

internal static class WebhookTestBedExtensions
{
    public static Task<AgentCredentials> CreateAgentRequestAsync(this NodUserClient user, string webhookUrl) =>
        user.CreateAgentAsync(new CreateAgentRequest { Name = "Offline bot", WebhookUrl = webhookUrl }).Within();
}
