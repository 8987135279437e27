using Microsoft.Extensions.DependencyInjection;
using Nod.Core.Tests.Infrastructure;
using Nod.Storage;
using Nod.Storage.Conformance;
using Nod.Storage.InMemory;

namespace Nod.Core.Tests.Engine;

/// <summary>
/// The in-memory store with a gate on <see cref="CommitAsync"/>: while a commit is held the engine loop waits, so every
/// command queued meanwhile is prepared together in the next batch, in the order it was queued. This makes "two commands
/// in one batch" races deterministic.
/// </summary>
internal sealed class GatedStore(INodStore? inner = null) : DelegatingNodStore(inner ?? new InMemoryNodStore())
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _held;
    private TaskCompletionSource? _release;

    /// <summary>Registers this store in place of the default one.</summary>
    public void Register(IServiceCollection services) => services.AddSingleton<INodStore>(this);

    /// <summary>The next commit waits until <see cref="Release"/>; the returned task completes once it waits.</summary>
    public Task HoldNextCommit()
    {
        lock (_gate)
        {
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _held.Task;
        }
    }

    /// <summary>Lets the held commit (and everything after it) through.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _release?.TrySetResult();
            _release = null;
            _held = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="queue"/> while the engine loop is parked in a commit, so that everything it queues (without
    /// awaiting) lands in one batch; then lets the loop go on.
    /// </summary>
    public async Task InOneBatchAsync(NodAgentClient anyAgent, Action queue)
    {
        var held = HoldNextCommit();
        var blocker = anyAgent.AlertAsync("holds the engine loop in a commit");
        await held.Within();
        try
        {
            queue();
        }
        finally
        {
            Release();
        }

        await blocker.Within();
    }

    public override async ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default)
    {
        Task? wait = null;
        lock (_gate)
        {
            if (_held is not null && _release is not null)
            {
                _held.TrySetResult();
                wait = _release.Task;
            }
        }

        if (wait is not null)
        {
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await Inner.CommitAsync(changeSets, cancellationToken).ConfigureAwait(false);
    }

}
