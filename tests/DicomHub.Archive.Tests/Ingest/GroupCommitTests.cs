using DicomHub.Archive.Ingest;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
using DicomHub.Archive.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Ingest;

/// <summary>
/// Concurrent ingests share registry transactions (group commit), yet nobody hears "stored" before the
/// transaction holding its row has committed. Ordering is forced with a gate in the registry, not timing.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly IngestSource Dimse = new(IngestProtocol.Dimse, "STORESCU") { Principal = ArchivePrincipal.System };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IngestsArrivingDuringACommitShareTheNextTransactionAndWaitForIt()
    {
        GatedRegistry? gated = null;
        await using var f = await ArchiveFixture.CreateAsync(wrapRegistry: inner => gated = new GatedRegistry(inner));
        var first = StoreAsync(f, "2.1");
        await gated!.FirstCommitEntered.Task.WaitAsync(Ct);

        // While the first transaction is held open, four more instances become durable blobs and queue.
        var others = Enumerable.Range(2, 4).Select(i => StoreAsync(f, $"2.{i}")).ToList();
        while (f.Pipeline.GroupCommit.Waiting < 4)
        {
            await Task.Delay(10, Ct);
        }

        Assert.False(first.IsCompleted);
        Assert.All(others, t => Assert.False(t.IsCompleted));
        gated.Release.SetResult();

        var results = await Task.WhenAll(others.Prepend(first));
        Assert.All(results, r => Assert.Equal(StoreStatus.Success, r.Status));
        Assert.Equal([1, 4], gated.CommitSizes);
        Assert.Equal(2, f.Pipeline.GroupCommit.Transactions);
        Assert.Equal(5, (await f.Registry.ResolveAsync(new InstanceScope("1.2.3.1"), Ct)).Count);
        Assert.Equal(5, f.BlobFiles().Length);
    }

    [Fact]
    public async Task ARecordThatBreaksTheSharedTransactionFailsAloneAndItsBlobIsRemoved()
    {
        GatedRegistry? gated = null;
        await using var f = await ArchiveFixture.CreateAsync(wrapRegistry: inner => gated = new GatedRegistry(inner) { Poison = "2.3" });
        var first = StoreAsync(f, "2.1");
        await gated!.FirstCommitEntered.Task.WaitAsync(Ct);
        var others = Enumerable.Range(2, 3).Select(i => StoreAsync(f, $"2.{i}")).ToList();
        while (f.Pipeline.GroupCommit.Waiting < 3)
        {
            await Task.Delay(10, Ct);
        }

        gated.Release.SetResult();
        var results = await Task.WhenAll(others.Prepend(first));

        Assert.Equal([StoreStatus.Success, StoreStatus.Success, StoreStatus.ProcessingFailure, StoreStatus.Success], results.Select(r => r.Status));
        Assert.Equal(["2.1", "2.2", "2.4"], (await f.Registry.ResolveAsync(new InstanceScope("1.2.3.1"), Ct)).Select(i => i.SopInstanceUid).Order());
        Assert.Equal(3, f.BlobFiles().Length);
        Assert.Empty(f.StagedFiles());
    }

    private static Task<IngestResult> StoreAsync(ArchiveFixture f, string sop) => Task.Run(async () =>
    {
        var body = Dicom.IO.DicomDatasetWriter.Encode(TestFiles.WithPixels(TestDatasets.Dataset(sop)), Dicom.Data.TransferSyntax.ExplicitVRLittleEndian);
        return await f.Pipeline.StoreDatasetAsync(new MemoryStream(body), Dicom.Data.TransferSyntax.ExplicitVRLittleEndian, TestDatasets.CtImageStorage, sop, Dimse, Ct);
    });

    /// <summary>Holds the first commit open until released; records commit sizes; fails any batch holding <see cref="Poison"/>.</summary>
    private sealed class GatedRegistry(IRegistry inner) : IRegistry
    {
        private int _commits;

        public TaskCompletionSource FirstCommitEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<int> CommitSizes { get; } = [];

        public string? Poison { get; init; }

        public async Task<IReadOnlyList<CommitResult>> CommitAsync(IReadOnlyList<InstanceRecord> records, DuplicatePolicy policy, IReadOnlyCollection<long> doneFollowUps, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _commits) == 1)
            {
                FirstCommitEntered.SetResult();
                await Release.Task.ConfigureAwait(false);
            }

            if (records.Any(r => r.SopInstanceUid == Poison))
            {
                throw new InvalidOperationException("constraint failed (simulated)");
            }

            lock (CommitSizes)
            {
                CommitSizes.Add(records.Count);
            }

            return await inner.CommitAsync(records, policy, doneFollowUps, cancellationToken).ConfigureAwait(false);
        }

        public IAsyncEnumerable<FollowUp> ReadFollowUpsAsync(CancellationToken cancellationToken = default) => inner.ReadFollowUpsAsync(cancellationToken);

        public Task DeleteFollowUpsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) => inner.DeleteFollowUpsAsync(ids, cancellationToken);

        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

        public Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) => inner.IsReadyAsync(cancellationToken);

        public Task<bool> ContainsInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken = default) => inner.ContainsInstanceAsync(sopInstanceUid, cancellationToken);

        public Task<IReadOnlyList<QueryRow>> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default) => inner.QueryAsync(request, cancellationToken);

        public Task<IReadOnlyList<StoredInstance>> ResolveAsync(InstanceScope scope, CancellationToken cancellationToken = default) => inner.ResolveAsync(scope, cancellationToken);

        public IAsyncEnumerable<string> ReadMetadataAsync(InstanceScope scope, CancellationToken cancellationToken = default) => inner.ReadMetadataAsync(scope, cancellationToken);

        public IAsyncEnumerable<BlobReference> ReadBlobReferencesAsync(CancellationToken cancellationToken = default) => inner.ReadBlobReferencesAsync(cancellationToken);

        public Task<IReadOnlyList<StoredInstance>> DeleteAsync(InstanceScope scope, CancellationToken cancellationToken = default) => inner.DeleteAsync(scope, cancellationToken);
    }
}
