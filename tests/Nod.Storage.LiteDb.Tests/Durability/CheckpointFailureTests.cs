using Nod.Storage.Conformance;
using Nod.Storage.LiteDb;

namespace Nod.Storage.LiteDb.Tests.Durability;

/// <summary>When LiteDB cannot make a commit durable, nothing is acknowledged and the store stops taking writes (fail-stop).</summary>
public sealed class CheckpointFailureTests
{
    [Fact]
    public async Task FlushFails_TheBatchIsReportedFailed_AndEveryLaterWriteIsRefusedUntilRestart()
    {
        var stream = new BreakableStream();
        await using var store = new LiteDbNodStore(new LiteDbStoreOptions { Stream = stream });
        await store.InitializeAsync().AsTask().WithTimeout();
        var data = new StoreTestData();
        var agent = data.Agent();
        var first = await store.CommitAsync([ChangeSets.New(s => s.PutAgent(agent))]).AsTask().WithTimeout();
        Assert.Equal(CommitStatus.Committed, first[0].Status);

        stream.FailFlushes = true;
        var broken = await store.CommitAsync([ChangeSets.New(s => s.PutAgent(data.Agent()))]).AsTask().WithTimeout();
        stream.FailFlushes = false;
        var after = await store.CommitAsync([ChangeSets.New(s => s.PutAgent(data.Agent()))]).AsTask().WithTimeout();

        Assert.Equal(CommitStatus.Failed, broken[0].Status);
        Assert.Equal(CommitStatus.Failed, after[0].Status);
        Assert.Contains("restart", after[0].Error!.Message, StringComparison.Ordinal);
    }

    /// <summary>A memory stream whose Flush can be made to fail, like a disk that stops syncing.</summary>
    private sealed class BreakableStream : MemoryStream
    {
        public bool FailFlushes { get; set; }

        public override void Flush()
        {
            if (FailFlushes)
            {
                throw new IOException("simulated sync failure");
            }

            base.Flush();
        }
    }
}
