using Microsoft.Extensions.DependencyInjection;
using Nod.Engine;

namespace Nod.Core.Tests.Infrastructure;

/// <summary>
/// Holds the engine loop inside a command until released: the commands queued meanwhile (client calls queue
/// synchronously, timers post synchronously while <c>FakeTimeProvider</c> advances) are prepared after it in the same
/// batch and commit together — what concurrent callers get under load, made deterministic.
/// </summary>
public sealed class EngineHold
{
    private readonly HoldCommand _command = new();
    private Task _held = Task.CompletedTask;

    private EngineHold()
    {
    }

    /// <summary>Holds <paramref name="host"/>'s engine once everything queued before is done.</summary>
    public static async Task<EngineHold> StartAsync(NodTestHost host)
    {
        var hold = new EngineHold();
        hold._held = host.Services.GetRequiredService<NodEngine>().ExecuteAsync(hold._command);
        await hold._command.Entered.Task.Within();
        return hold;
    }

    /// <summary>Lets the engine go on and waits until the held batch is committed.</summary>
    public async Task ReleaseAsync()
    {
        _command.Release.TrySetResult();
        await _held.Within();
    }

    private sealed class HoldCommand : EngineCommand<bool>
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask ExecuteAsync(CommandContext context)
        {
            Entered.TrySetResult();
            await Release.Task.ConfigureAwait(false);
        }

        protected override bool GetResult(CommandContext context) => true;
    }
}
