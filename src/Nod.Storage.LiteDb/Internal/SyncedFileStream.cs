namespace Nod.Storage.LiteDb.Internal;

/// <summary>
/// LiteDB's data or log file, as a stream whose disk syncs the store decides. LiteDB on its own syncs its log after
/// every page it writes (several syncs per commit, whatever the commit's size); here the log is never synced on
/// LiteDB's request but once per batch, right before the checkpoint starts copying it into the data file, and the
/// data file is synced when LiteDB asks (once per checkpoint, before the log is truncated). A crash at any point
/// leaves either the synced log to replay or the synced data file.
/// </summary>
/// <remarks>
/// Opened with <see cref="FileShare.None"/>: the store holds both files exclusively for its lifetime, which also keeps
/// other processes out (LiteDB itself only takes shared locks on Linux). Calls arrive under LiteDB's own lock on this
/// stream; the gate also covers the log sync that the data stream triggers from another thread.
/// </remarks>
internal sealed class SyncedFileStream : Stream
{
    private readonly FileStream _file;
    private readonly bool _syncOnFlush;
    private readonly SyncedFileStream? _syncBeforeWrite;
    private readonly Lock _gate = new();
    private bool _dirty;

    /// <param name="file">The file, opened by the caller.</param>
    /// <param name="syncOnFlush">Whether <see cref="Flush"/> syncs to disk (the data file) or does nothing (the log, synced by <see cref="Sync"/>).</param>
    /// <param name="syncBeforeWrite">A stream to sync before this one is first written after it changed (the log, before the data file).</param>
    public SyncedFileStream(FileStream file, bool syncOnFlush, SyncedFileStream? syncBeforeWrite = null)
    {
        _file = file;
        _syncOnFlush = syncOnFlush;
        _syncBeforeWrite = syncBeforeWrite;
    }

    public string Path => _file.Name;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length
    {
        get
        {
            lock (_gate)
            {
                return _file.Length;
            }
        }
    }

    public override long Position
    {
        get
        {
            lock (_gate)
            {
                return _file.Position;
            }
        }

        set
        {
            lock (_gate)
            {
                _file.Position = value;
            }
        }
    }

    /// <summary>Syncs what was written since the last sync to disk.</summary>
    public void Sync()
    {
        lock (_gate)
        {
            if (_dirty)
            {
                _file.Flush(flushToDisk: true);
                _dirty = false;
            }
        }
    }

    public override void Flush()
    {
        if (_syncOnFlush)
        {
            Sync();
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            return _file.Read(buffer, offset, count);
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        lock (_gate)
        {
            return _file.Seek(offset, origin);
        }
    }

    public override void SetLength(long value)
    {
        lock (_gate)
        {
            _file.SetLength(value);
            _dirty = true;
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _syncBeforeWrite?.Sync();
        lock (_gate)
        {
            _file.Write(buffer, offset, count);
            _dirty = true;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
