using Nod.Storage.Conformance;
using Nod.Storage.LiteDb;

namespace Nod.Storage.LiteDb.Tests.Durability;

/// <summary>A store disposed while a commit is on its way in: the commit either lands whole or is refused as disposed.</summary>
public sealed class DisposeRaceTests
{
    [Fact]
    public async Task CommitRacingDispose_EitherCommits_OrThrowsObjectDisposed_NeverAnotherError()
    {
        const int Rounds = 300;
        for (var round = 0; round < Rounds; round++)
        {
            var store = new LiteDbNodStore(new LiteDbStoreOptions { Stream = new MemoryStream() });
            await store.InitializeAsync().AsTask().WithTimeout();
            var data = new StoreTestData();
            using var start = new Barrier(2);
            var committing = Task.Run(async () =>
            {
                start.SignalAndWait();
                return await store.CommitAsync([ChangeSets.New(s => s.PutAgent(data.Agent()))]);
            });
            var disposing = Task.Run(() =>
            {
                start.SignalAndWait();
                store.Dispose();
            });

            await disposing.WithTimeout();
            try
            {
                var outcomes = await committing.WithTimeout();
                Assert.Equal(CommitStatus.Committed, outcomes[0].Status);
            }
            catch (ObjectDisposedException ex)
            {
                Assert.Equal(typeof(LiteDbNodStore).FullName, ex.ObjectName);
            }
        }
    }
}
