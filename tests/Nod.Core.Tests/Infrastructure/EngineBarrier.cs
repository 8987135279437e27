using Microsoft.Extensions.DependencyInjection;
using Nod.Engine;

namespace Nod.Core.Tests.Infrastructure;

/// <summary>
/// Waits until the engine has processed every command queued before this call — e.g. the expiry a timer posted
/// during <c>FakeTimeProvider.Advance</c> — so a test can assert that something did NOT happen.
/// </summary>
public static class EngineBarrier
{
    public static Task SyncAsync(this NodTestHost host) =>
        host.Services.GetRequiredService<NodEngine>().ExecuteAsync(new BarrierCommand()).Within();

    private sealed class BarrierCommand : EngineCommand<bool>
    {
        public override ValueTask ExecuteAsync(CommandContext context) => ValueTask.CompletedTask;

        protected override bool GetResult(CommandContext context) => true;
    }
}
