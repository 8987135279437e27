namespace Nod.Engine;

/// <summary>
/// One state change, run by the engine loop (invariant 1: one writer). <see cref="ExecuteAsync"/> checks the request
/// against the working state and records its writes in <see cref="CommandContext.Changes"/>; it must not change
/// anything else. After the store committed the change set and its events were published, <see cref="Complete"/> runs.
/// </summary>
internal abstract class EngineCommand
{
    /// <summary>Checks and prepares the change; throw <see cref="NodException"/> to refuse.</summary>
    public abstract ValueTask ExecuteAsync(CommandContext context);

    /// <summary>The change set is committed and published: hand the caller its result.</summary>
    public abstract void Complete(CommandContext context);

    /// <summary>The command was refused or its commit failed.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A command whose caller awaits a <typeparamref name="TResult"/>.</summary>
internal abstract class EngineCommand<TResult> : EngineCommand
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the command is committed (or fails).</summary>
    public Task<TResult> Completion => _completion.Task;

    public sealed override void Complete(CommandContext context)
    {
        OnCommitted(context);
        _completion.TrySetResult(GetResult(context));
    }

    /// <summary>Called when the command fails, before its caller hears of it (on the engine loop, or where it was refused).</summary>
    internal Action<Exception>? FailureObserver { get; set; }

    public sealed override void Fail(Exception error)
    {
        OnFailed(error);
        FailureObserver?.Invoke(error);
        _completion.TrySetException(error);
    }

    /// <summary>The result for a caller that wraps this command (valid when the result does not depend on commit).</summary>
    internal TResult ResultOf(CommandContext context) => GetResult(context);

    /// <summary>The caller's result, built after commit (sealed ids and <c>seq</c>s are known).</summary>
    protected abstract TResult GetResult(CommandContext context);

    /// <summary>Runs on the loop after commit, before the caller gets the result.</summary>
    protected virtual void OnCommitted(CommandContext context)
    {
    }

    /// <summary>Runs when the command was refused or its commit failed: undo anything registered while executing.</summary>
    protected virtual void OnFailed(Exception error)
    {
    }
}
