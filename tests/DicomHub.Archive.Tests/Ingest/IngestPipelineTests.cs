using DicomHub.Archive.Blobs;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
using DicomHub.Archive.Tests.Support;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Ingest;

/// <summary>The one ingestion path end to end, on each registry database (the classes at the end).</summary>
public abstract class IngestPipelineTests
{
    private static readonly IngestSource Stow = new(IngestProtocol.StowRs) { Principal = ArchivePrincipal.System };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The PostgreSQL cluster to run against; null for SQLite.</summary>
    protected virtual PostgresCluster? Postgres => null;

    [Fact]
    public async Task StoredInstanceIsIndexedAndItsBlobIsByteIdentical()
    {
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        var bytes = await TestFiles.InstanceAsync("2.1");

        var result = await f.Pipeline.StoreAsync(new MemoryStream(bytes), Stow, Ct);

        Assert.Equal(StoreStatus.Success, result.Status);
        Assert.Equal("2.1", result.SopInstanceUid);
        var stored = Assert.Single(await f.Registry.ResolveAsync(new InstanceScope("1.2.3.1"), Ct));
        Assert.Equal(bytes, await f.Blobs.ReadAllBytesAsync(stored.BlobKey, Ct));
        Assert.Empty(f.StagedFiles());
    }

    [Fact]
    public async Task MetadataIsPrecomputedWithBulkDataUris()
    {
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        await f.Pipeline.StoreAsync(new MemoryStream(await TestFiles.InstanceAsync("2.1")), Stow, Ct);

        var json = Assert.Single(await f.Registry.ReadMetadataAsync(new InstanceScope("1.2.3.1"), Ct).ToListAsync(Ct));
        Assert.Contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"DOE^JOHN\"}]}", json, StringComparison.Ordinal);
        Assert.Contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"{{BASE}}/studies/1.2.3.1/series/1.2.3.1.1/instances/2.1/bulkdata/7FE00010\"}", json, StringComparison.Ordinal);
        Assert.Contains("\"00083002\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeaderLongerThanTheHeadKeptInMemoryIsReadFromTheStagedFile()
    {
        // A 100 KB private value ahead of the patient module: everything after it lies beyond the 64 KB head
        // that staging keeps, so it must come from the staged file, and the large value itself stays there.
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1"));
        dataset.AddOrUpdate(new DicomTag(0x0009, 0x0010), DicomVR.LO, "DICOMHUB TEST");
        dataset.AddOrUpdate(new DicomElement(new DicomTag(0x0009, 0x1001), DicomVR.OB, new byte[100_000]));
        var bytes = await TestFiles.Part10Async(dataset);

        var result = await f.Pipeline.StoreAsync(new MemoryStream(bytes), Stow, Ct);

        Assert.Equal(StoreStatus.Success, result.Status);
        var stored = Assert.Single(await f.Registry.ResolveAsync(new InstanceScope("1.2.3.1"), Ct));
        Assert.Equal(bytes, await f.Blobs.ReadAllBytesAsync(stored.BlobKey, Ct));
        var json = Assert.Single(await f.Registry.ReadMetadataAsync(new InstanceScope("1.2.3.1"), Ct).ToListAsync(Ct));
        Assert.Contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"DOE^JOHN\"}]}", json, StringComparison.Ordinal);
        Assert.Contains("\"00091001\":{\"vr\":\"OB\",\"BulkDataURI\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateRejectedReportsDuplicateSopInstance()
    {
        await using var f = await ArchiveFixture.CreateAsync(new StorageOptions { DuplicatePolicy = DuplicatePolicy.Reject }, postgres: Postgres);
        var bytes = await TestFiles.InstanceAsync("2.1");
        await f.Pipeline.StoreAsync(new MemoryStream(bytes), Stow, Ct);

        var second = await f.Pipeline.StoreAsync(new MemoryStream(bytes), Stow, Ct);

        Assert.Equal(StoreStatus.DuplicateSopInstance, second.Status);
        Assert.False(second.IsStored);
        Assert.Single(f.BlobFiles());

        // The cause and the setting survive the cut to a DIMSE Error Comment's 64 characters.
        Assert.Contains("Storage:DuplicatePolicy=Reject", second.Message![..64], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateKeptWarnsAndKeepsTheFirstCopy()
    {
        await using var f = await ArchiveFixture.CreateAsync(new StorageOptions { DuplicatePolicy = DuplicatePolicy.KeepExistingAndWarn }, postgres: Postgres);
        var first = await TestFiles.InstanceAsync("2.1");
        await f.Pipeline.StoreAsync(new MemoryStream(first), Stow, Ct);
        var changed = await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1", patientName: "CHANGED^NAME")));

        var second = await f.Pipeline.StoreAsync(new MemoryStream(changed), Stow, Ct);

        Assert.Equal(StoreStatus.DuplicateKeptWarning, second.Status);
        Assert.True(second.IsStored);
        Assert.Contains("Storage:DuplicatePolicy=KeepExistingAndWarn", second.Message![..64], StringComparison.Ordinal);
        var blob = Assert.Single(f.BlobFiles());
        Assert.Equal(first, await File.ReadAllBytesAsync(blob, Ct));
    }

    [Fact]
    public async Task DuplicateOverwriteReplacesBlobAndKeepsCounts()
    {
        await using var f = await ArchiveFixture.CreateAsync(new StorageOptions { DuplicatePolicy = DuplicatePolicy.Overwrite }, postgres: Postgres);
        await f.Pipeline.StoreAsync(new MemoryStream(await TestFiles.InstanceAsync("2.1")), Stow, Ct);
        var changed = await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1", patientName: "CHANGED^NAME")));

        var second = await f.Pipeline.StoreAsync(new MemoryStream(changed), Stow, Ct);

        Assert.Equal(StoreStatus.Success, second.Status);
        var blob = Assert.Single(f.BlobFiles());
        Assert.Equal(changed, await File.ReadAllBytesAsync(blob, Ct));
        var study = Assert.Single(await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study), Ct));
        Assert.Equal(1, study.StudyRelatedInstances);
        Assert.Contains("CHANGED^NAME", study.PatientJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSopInstanceUidFailsAndLeavesNothing()
    {
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset("2.1"));
        dataset.Remove(DicomTags.SOPInstanceUID);
        using var buffer = new MemoryStream();
        await new DicomFile(DicomFileMetaInformation.Build(TestDatasets.Dataset("2.1"), TransferSyntax.ExplicitVRLittleEndian), dataset, TransferSyntax.ExplicitVRLittleEndian).WriteAsync(buffer, Ct);

        var result = await f.Pipeline.StoreAsync(new MemoryStream(buffer.ToArray()), Stow, Ct);

        Assert.Equal(StoreStatus.DatasetDoesNotMatchSopClass, result.Status);
        Assert.Contains("SOP Instance UID", result.Message, StringComparison.Ordinal);
        Assert.Empty(f.BlobFiles());
        Assert.Empty(f.StagedFiles());
    }

    [Fact]
    public async Task NonDicomBytesCannotBeUnderstood()
    {
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        var result = await f.Pipeline.StoreAsync(new MemoryStream("this is not DICOM at all, just some text"u8.ToArray()), Stow, Ct);
        Assert.Equal(StoreStatus.CannotUnderstand, result.Status);
        Assert.Empty(f.BlobFiles());
        Assert.Empty(f.StagedFiles());
    }

    [Fact]
    public async Task TruncatedInstanceIsNotStored()
    {
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        var bytes = await TestFiles.InstanceAsync("2.1");
        var result = await f.Pipeline.StoreAsync(new MemoryStream(bytes[..(bytes.Length - 10)]), Stow, Ct);
        Assert.Equal(StoreStatus.CannotUnderstand, result.Status);
        Assert.Empty(f.BlobFiles());
        Assert.False(await f.Registry.ContainsInstanceAsync("2.1", Ct));
    }

    [Fact]
    public async Task StudyMismatchFailsThatInstanceOnly()
    {
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        await using var batch = f.Pipeline.BeginBatch(new IngestSource(IngestProtocol.StowRs, ExpectedStudyInstanceUid: "1.2.3.1") { Principal = ArchivePrincipal.System });
        await batch.AddAsync(new MemoryStream(await TestFiles.InstanceAsync("2.1")), Ct);
        await batch.AddAsync(new MemoryStream(await TestFiles.InstanceAsync("2.2", study: "9.9.9", series: "9.9.9.1")), Ct);
        await batch.AddAsync(new MemoryStream(await TestFiles.InstanceAsync("2.3")), Ct);

        var results = await batch.CompleteAsync(Ct);

        Assert.Equal([StoreStatus.Success, StoreStatus.DatasetDoesNotMatchSopClass, StoreStatus.Success], results.Select(r => r.Status));
        Assert.Contains("9.9.9", results[1].Message, StringComparison.Ordinal);
        Assert.Equal(2, f.BlobFiles().Length);
    }

    [Fact]
    public async Task InstanceOverTheSizeLimitIsRefused()
    {
        await using var f = await ArchiveFixture.CreateAsync(new StorageOptions { MaxInstanceBytes = 200 }, postgres: Postgres);
        var result = await f.Pipeline.StoreAsync(new MemoryStream(await TestFiles.InstanceAsync("2.1")), Stow, Ct);
        Assert.Equal(StoreStatus.OutOfResources, result.Status);
        Assert.Contains("MaxInstanceBytes", result.Message, StringComparison.Ordinal);
        Assert.Empty(f.BlobFiles());
        Assert.Empty(f.StagedFiles());
    }

    [Fact]
    public async Task RegistryFailureAfterTheBlobIsDurableLeavesNoOrphanBlobAndNoRow()
    {
        await using var f = await ArchiveFixture.CreateAsync(wrapRegistry: inner => new FailingCommitRegistry(inner), postgres: Postgres);
        var result = await f.Pipeline.StoreAsync(new MemoryStream(await TestFiles.InstanceAsync("2.1")), Stow, Ct);

        Assert.Equal(StoreStatus.ProcessingFailure, result.Status);
        Assert.False(result.IsStored);
        Assert.Empty(f.BlobFiles());
        Assert.Empty(f.StagedFiles());
        Assert.False(await f.Registry.ContainsInstanceAsync("2.1", Ct));
    }

    [Fact]
    public async Task ConcurrentStoresOfTheSameInstanceStoreItOnce()
    {
        await using var f = await ArchiveFixture.CreateAsync(new StorageOptions { DuplicatePolicy = DuplicatePolicy.Reject }, postgres: Postgres);
        var bytes = await TestFiles.InstanceAsync("2.1");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => f.Pipeline.StoreAsync(new MemoryStream(bytes), Stow, Ct), Ct)));

        Assert.Single(results, r => r.Status == StoreStatus.Success);
        Assert.All(results.Where(r => r.Status != StoreStatus.Success), r => Assert.Equal(StoreStatus.DuplicateSopInstance, r.Status));
        var blob = Assert.Single(f.BlobFiles());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(blob, Ct));
        Assert.Single(await f.Registry.ResolveAsync(new InstanceScope("1.2.3.1"), Ct));
    }

    [Fact]
    public async Task BatchCommitsEveryBatchSizeAndKeepsOrder()
    {
        await using var f = await ArchiveFixture.CreateAsync(new StorageOptions { IngestBatchSize = 2 }, postgres: Postgres);
        await using var batch = f.Pipeline.BeginBatch(Stow);
        for (var i = 1; i <= 5; i++)
        {
            await batch.AddAsync(new MemoryStream(await TestFiles.InstanceAsync($"2.{i}")), Ct);
        }

        // Four of five are already committed by the automatic flushes, before CompleteAsync.
        Assert.Equal(4, (await f.Registry.ResolveAsync(new InstanceScope("1.2.3.1"), Ct)).Count);
        var results = await batch.CompleteAsync(Ct);

        Assert.Equal(["2.1", "2.2", "2.3", "2.4", "2.5"], results.Select(r => r.SopInstanceUid));
        Assert.All(results, r => Assert.Equal(StoreStatus.Success, r.Status));
        Assert.Equal(5, f.BlobFiles().Length);
    }

    [Fact]
    public async Task DisposedBatchDropsWhatWasNotCommitted()
    {
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        await using (var batch = f.Pipeline.BeginBatch(Stow))
        {
            await batch.AddAsync(new MemoryStream(await TestFiles.InstanceAsync("2.1")), Ct);
        }

        Assert.Empty(f.BlobFiles());
        Assert.Empty(f.StagedFiles());
        Assert.False(await f.Registry.ContainsInstanceAsync("2.1", Ct));
    }

    [Fact]
    public async Task BareDimseDatasetIsStoredAsPart10WithTheReceivedBytesUnchanged()
    {
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset("2.1"));
        var body = DicomDatasetWriter.Encode(dataset, TransferSyntax.ImplicitVRLittleEndian);

        var result = await f.Pipeline.StoreDatasetAsync(new MemoryStream(body), TransferSyntax.ImplicitVRLittleEndian, TestDatasets.CtImageStorage, "2.1", new IngestSource(IngestProtocol.Dimse, "STORESCU") { Principal = ArchivePrincipal.System }, Ct);

        Assert.Equal(StoreStatus.Success, result.Status);
        var stored = await File.ReadAllBytesAsync(Assert.Single(f.BlobFiles()), Ct);
        Assert.Equal(body, stored[^body.Length..]);
        var file = await DicomFile.OpenAsync(Assert.Single(f.BlobFiles()), cancellationToken: Ct);
        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("STORESCU", file.FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle));
        Assert.Equal("2.1", file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID));
    }

    [Fact]
    public async Task DimseDatasetWhoseUidDiffersFromTheCommandIsRefused()
    {
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        var body = DicomDatasetWriter.Encode(TestFiles.WithPixels(TestDatasets.Dataset("2.1")), TransferSyntax.ImplicitVRLittleEndian);
        var result = await f.Pipeline.StoreDatasetAsync(new MemoryStream(body), TransferSyntax.ImplicitVRLittleEndian, TestDatasets.CtImageStorage, "2.999", new IngestSource(IngestProtocol.Dimse) { Principal = ArchivePrincipal.System }, Ct);
        Assert.Equal(StoreStatus.DatasetDoesNotMatchSopClass, result.Status);
        Assert.Empty(f.BlobFiles());
    }

    [Fact]
    public async Task StagedFilesLeftByACrashAreSweptAtStart()
    {
        await using var f = await ArchiveFixture.CreateAsync(postgres: Postgres);
        var staged = f.Blobs.Stage();
        await staged.Stream.WriteAsync(new byte[100], Ct);
        await staged.Stream.FlushAsync(Ct);

        // Simulate the crash: the process dies without disposing; a new start sweeps the staging folder.
        var removed = await new DicomHub.Archive.Blobs.FileSystem.FileSystemBlobStore(f.Options.DataDirectory).SweepStagingAsync(Ct);

        Assert.Equal(1, removed);
        Assert.Empty(f.StagedFiles());
        await staged.DisposeAsync();
    }

    /// <summary>A registry whose commit fails after the blobs were made durable: the crash window the pipeline must close.</summary>
    private sealed class FailingCommitRegistry(IRegistry inner) : IRegistry
    {
        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

        public Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) => inner.IsReadyAsync(cancellationToken);

        public Task<IReadOnlyList<CommitResult>> CommitAsync(IReadOnlyList<InstanceRecord> records, DuplicatePolicy policy, IReadOnlyCollection<long> doneFollowUps, CancellationToken cancellationToken = default) =>
            throw new IOException("disk I/O error (simulated)");

        public IAsyncEnumerable<FollowUp> ReadFollowUpsAsync(CancellationToken cancellationToken = default) => inner.ReadFollowUpsAsync(cancellationToken);

        public Task DeleteFollowUpsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) => inner.DeleteFollowUpsAsync(ids, cancellationToken);

        public Task<bool> ContainsInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken = default) => inner.ContainsInstanceAsync(sopInstanceUid, cancellationToken);

        public Task<IReadOnlyList<QueryRow>> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default) => inner.QueryAsync(request, cancellationToken);

        public Task<IReadOnlyList<StoredInstance>> ResolveAsync(InstanceScope scope, CancellationToken cancellationToken = default) => inner.ResolveAsync(scope, cancellationToken);

        public IAsyncEnumerable<string> ReadMetadataAsync(InstanceScope scope, CancellationToken cancellationToken = default) => inner.ReadMetadataAsync(scope, cancellationToken);

        public Task<IReadOnlyList<StoredInstance>> DeleteAsync(InstanceScope scope, CancellationToken cancellationToken = default) => inner.DeleteAsync(scope, cancellationToken);

        public IAsyncEnumerable<BlobReference> ReadBlobReferencesAsync(CancellationToken cancellationToken = default) => inner.ReadBlobReferencesAsync(cancellationToken);
    }
}

/// <summary>The ingest on the embedded SQLite registry.</summary>
public sealed class SqliteIngestPipelineTests : IngestPipelineTests;

/// <summary>The same ingest on PostgreSQL: duplicates, overwrites, batches and deletes behave alike.</summary>
public sealed class PostgresIngestPipelineTests(PostgresCluster cluster) : IngestPipelineTests
{
    protected override PostgresCluster? Postgres => cluster;
}
