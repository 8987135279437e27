using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nod.Storage.LiteDb.Internal;
using Nod.Storage.LiteDb.Internal.Readers;

namespace Nod.Storage.LiteDb;

/// <summary>
/// The embedded durable store: Nod's state in one LiteDB file (or a caller's stream). Every acknowledged commit
/// survives a process crash; a batch of change sets costs one LiteDB transaction and two disk syncs whatever its size,
/// which is what makes group commit pay off.
/// </summary>
/// <remarks>
/// <para>
/// A commit runs synchronously on the calling thread (LiteDB transactions are bound to their thread): every set of the
/// batch in one transaction, then a checkpoint, which waits for LiteDB's log writer (LiteDB's commit may return before
/// its log pages are written), syncs the log, copies it into the data file, syncs that and truncates the log. Only
/// then are the sets reported committed. LiteDB alone would sync the log after every page instead.
/// </para>
/// <para>
/// Reads run on any thread in LiteDB's own read transactions and see whole commits. The event log is read up to the
/// durable head only.
/// </para>
/// </remarks>
public sealed class LiteDbNodStore : INodStore, IDisposable
{
    private readonly LiteDbStoreOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly BsonMapper _mapper = new();
    private readonly Lock _gate = new();
    private StoreCollections? _db;
    private OpenedDatabase? _opened;
    private long _durableHead;
    private bool _disposed;
    private Exception? _faulted;

    /// <summary>Creates the store; nothing is opened before <see cref="InitializeAsync"/>.</summary>
    /// <param name="options">Where the database is (validated when the host starts; checked again on open).</param>
    /// <param name="logger">Optional logger.</param>
    /// <param name="time">The clock new message keys start from (see <see cref="IMessageStore.NewMessageId"/>); the system clock when omitted.</param>
    public LiteDbNodStore(LiteDbStoreOptions options, ILogger<LiteDbNodStore>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger<LiteDbNodStore>.Instance;
        _time = time ?? TimeProvider.System;
        Agents = new AgentReader(this);
        Conversations = new ConversationReader(this);
        Messages = new MessageReader(this);
        Decisions = new DecisionReader(this);
        Rules = new RuleReader(this);
        Activity = new ActivityReader(this);
        Events = new EventReader(this);
        Idempotency = new IdempotencyReader(this);
        Tasks = new TaskReader(this);
        Runs = new RunReader(this);
        Deliveries = new DeliveryReader(this);
    }

    /// <inheritdoc />
    public IAgentStore Agents { get; }

    /// <inheritdoc />
    public IConversationStore Conversations { get; }

    /// <inheritdoc />
    public IMessageStore Messages { get; }

    /// <inheritdoc />
    public IDecisionStore Decisions { get; }

    /// <inheritdoc />
    public IRuleStore Rules { get; }

    /// <inheritdoc />
    public IActivityStore Activity { get; }

    /// <inheritdoc />
    public IEventLog Events { get; }

    /// <inheritdoc />
    public IIdempotencyStore Idempotency { get; }

    /// <inheritdoc />
    public ITaskStore Tasks { get; }

    /// <inheritdoc />
    public IRunStore Runs { get; }

    /// <inheritdoc />
    public IDeliveryStore Deliveries { get; }

    /// <summary>Where the database is: its full path, <c>:memory:</c>, or the stream; <see langword="null"/> before it is opened.</summary>
    public string? Location => _opened?.Location;

    /// <summary>The open collections (throws before <see cref="InitializeAsync"/> and after disposal).</summary>
    internal StoreCollections Db
    {
        get
        {
            if (Volatile.Read(ref _db) is { } db)
            {
                return db;
            }

            // Dispose marks the store before it lets go of the collections: gone because disposed reads as disposed.
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
            throw new InvalidOperationException("The LiteDB store is not open: call InitializeAsync first (the Nod engine does when the host starts).");
        }
    }

    /// <summary>The highest seq known durable: what <see cref="IEventLog.GetHeadAsync"/> answers and where event reads stop.</summary>
    internal long DurableHead => Volatile.Read(ref _durableHead);

    /// <inheritdoc />
    /// <exception cref="LiteDbStoreException">The database cannot be opened; the message names the path and what is wrong.</exception>
    public ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_db is not null)
            {
                return ValueTask.CompletedTask;
            }

            var opened = DatabaseOpener.Open(_options, _mapper);
            var db = new StoreCollections(opened.Database, _options.CollectionPrefix);
            try
            {
                db.EnsureIndexes();
                db.PrepareMessageIds(_time);

                // The head is a persisted high-water mark written with every commit; the newest event can never be above it.
                var newest = db.Events.Query().OrderByDescending("_id").Limit(1).ToEnumerable().FirstOrDefault();
                var head = Math.Max(db.ReadHead(), newest?["_id"].AsInt64 ?? 0);
                opened.Database.Checkpoint();
                _opened = opened;
                Volatile.Write(ref _durableHead, head);
                Volatile.Write(ref _db, db);
                Log.Opened(_logger, opened.Location, head);
            }
            catch (Exception ex)
            {
                opened.Database.Dispose();
                opened.Files?.Dispose();
                db.Dispose();
                if (ex is LiteDbStoreException)
                {
                    throw;
                }

                throw new LiteDbStoreException(opened.Location, $"The LiteDB database '{opened.Location}' could not be prepared for Nod: {ex.Message}", ex);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CommitOutcome>> CommitAsync(IReadOnlyList<ChangeSet> changeSets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changeSets);
        cancellationToken.ThrowIfCancellationRequested();
        _ = Db;
        var outcomes = new CommitOutcome[changeSets.Count];
        if (outcomes.Length == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<CommitOutcome>>(outcomes);
        }

        // One writer at a time; the engine is the only one, but a store must not depend on it.
        lock (_gate)
        {
            // Read under the gate: a Dispose that got it first has closed the database.
            var db = Db;
            if (_faulted is { } fault)
            {
                Array.Fill(outcomes, CommitOutcome.Failed(new IOException(
                    $"The LiteDB store '{Location}' stopped accepting writes after a failed checkpoint ({fault.Message}); restart the host.", fault)));
                return ValueTask.FromResult<IReadOnlyList<CommitOutcome>>(outcomes);
            }

            if (!TryCommitTogether(db, changeSets, outcomes, out var failure))
            {
                Log.BatchIsolated(_logger, changeSets.Count, failure);
                CommitEachAlone(db, changeSets, outcomes);
            }

            MakeDurable(db, outcomes);
        }

        return ValueTask.FromResult<IReadOnlyList<CommitOutcome>>(outcomes);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the database (LiteDB checkpoints on close) and releases the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            var db = _db;
            Volatile.Write(ref _db, null);
            if (_opened is { } opened)
            {
                try
                {
                    opened.Database.Dispose();
                }
                finally
                {
                    opened.Files?.Dispose();
                    db?.Dispose();
                }
            }
        }
    }

    /// <summary>The whole batch in one transaction; <see langword="false"/> (rolled back) when a write threw.</summary>
    private static bool TryCommitTogether(StoreCollections db, IReadOnlyList<ChangeSet> sets, CommitOutcome[] outcomes, out Exception failure)
    {
        Begin(db.Database);
        try
        {
            var head = db.ReadHead();
            var first = head;
            for (var i = 0; i < sets.Count; i++)
            {
                outcomes[i] = ChangeSetWriter.Apply(db, sets[i], ref head);
            }

            // Once per batch, not per set: one document write less for every command of a batch but one.
            WriteHead(db, first, head);
            db.Database.Commit();
            failure = null!;
            return true;
        }
#pragma warning disable CA1031 // Any write failure (IO, a bad document) is retried set by set so it fails alone.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Rollback(db.Database);
            failure = ex;
            return false;
        }
    }

    /// <summary>Each set in its own transaction, so only the one that cannot be written fails.</summary>
    private void CommitEachAlone(StoreCollections db, IReadOnlyList<ChangeSet> sets, CommitOutcome[] outcomes)
    {
        for (var i = 0; i < sets.Count; i++)
        {
            Begin(db.Database);
            try
            {
                var head = db.ReadHead();
                var first = head;
                outcomes[i] = ChangeSetWriter.Apply(db, sets[i], ref head);
                WriteHead(db, first, head);
                db.Database.Commit();
            }
#pragma warning disable CA1031 // This set fails alone; the others still commit.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Rollback(db.Database);
                Log.SetFailed(_logger, ex);
                outcomes[i] = CommitOutcome.Failed(ex);
            }
        }
    }

    /// <summary>
    /// Waits until the committed sets are on disk (a checkpoint) before anyone is told they are committed. When that
    /// fails, their outcome is unknown: they are reported failed and the store refuses every later write (fail-stop),
    /// so the engine never builds on a state the file may or may not hold; a restart reads the truth back.
    /// </summary>
    private void MakeDurable(StoreCollections db, CommitOutcome[] outcomes)
    {
        try
        {
            db.Database.Checkpoint();
            Volatile.Write(ref _durableHead, db.ReadHead());
        }
#pragma warning disable CA1031 // The failure is reported on each set, never thrown past the engine.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var committed = outcomes.Count(o => o.Status == CommitStatus.Committed);
            Log.CheckpointFailed(_logger, committed, ex);
            _faulted = ex;
            var failed = CommitOutcome.Failed(new IOException("The change was committed by LiteDB but could not be made durable: " + ex.Message, ex));
            for (var i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i].Status == CommitStatus.Committed)
                {
                    outcomes[i] = failed;
                }
            }
        }
    }

    private static void WriteHead(StoreCollections db, long before, long after)
    {
        if (after != before)
        {
            db.WriteHead(after);
        }
    }

    private static void Begin(LiteDatabase database)
    {
        if (!database.BeginTrans())
        {
            // A transaction left open on this thread (it cannot be ours: every path ends it) would swallow this batch.
            database.Rollback();
            if (!database.BeginTrans())
            {
                throw new InvalidOperationException("A LiteDB transaction could not be started on the committing thread.");
            }
        }
    }

    private static void Rollback(LiteDatabase database)
    {
        try
        {
            database.Rollback();
        }
#pragma warning disable CA1031 // Rolling back after a failure must not hide that failure.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
