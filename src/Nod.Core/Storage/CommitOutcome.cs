namespace Nod.Storage;

/// <summary>What became of one change set in <see cref="INodStore.CommitAsync"/>.</summary>
public readonly record struct CommitOutcome
{
    /// <summary>The change set is committed (and durable, for a durable store).</summary>
    public static CommitOutcome Committed { get; } = new(CommitStatus.Committed, null);

    private CommitOutcome(CommitStatus status, Exception? error)
    {
        Status = status;
        Error = error;
    }

    /// <summary>Committed, refused by a version check, or failed.</summary>
    public CommitStatus Status { get; }

    /// <summary>Why it was not committed, or <see langword="null"/>.</summary>
    public Exception? Error { get; }

    /// <summary>The change set lost a version check: somebody else wrote first.</summary>
    /// <param name="detail">What conflicted.</param>
    public static CommitOutcome Conflict(string detail) => new(CommitStatus.Conflict, new InvalidOperationException(detail));

    /// <summary>The change set could not be written.</summary>
    /// <param name="error">The failure.</param>
    public static CommitOutcome Failed(Exception error) => new(CommitStatus.Failed, error);
}

/// <summary>The status of a <see cref="CommitOutcome"/>.</summary>
public enum CommitStatus
{
    /// <summary>Written.</summary>
    Committed,

    /// <summary>Refused by a version check; nothing of the set was written.</summary>
    Conflict,

    /// <summary>Failed; nothing of the set was written.</summary>
    Failed,
}
