namespace Nod.AspNetCore.Tests.Infrastructure;

/// <summary>One host with default options for a whole test class; every test makes its own agents, so they do not meet.</summary>
public sealed class SharedHost : IAsyncLifetime
{
    private NodWebHost? _host;

    public NodWebHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _host = await NodWebHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
