using DicomHub.Archive.Blobs;
using DicomHub.Archive.Blobs.FileSystem;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
using DicomHub.Archive.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Blobs.FileSystem;

/// <summary>
/// The crash states of the ingest order (blob durable, then registry row) and what the sweep does with each:
/// built by hand (a committed blob without its row, a staged file, a row whose blob is gone) and aged by
/// setting file times, so no test waits: that needs the file-system store, hence this folder.
/// </summary>
public sealed class BlobReconcilerTests
{
    private static readonly IngestSource Stow = new(IngestProtocol.StowRs) { Principal = ArchivePrincipal.System };
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BlobCommittedWithoutItsRowIsRemovedOnceOlderThanTheGrace()
    {
        await using var f = await ArchiveFixture.CreateAsync();
        await f.Pipeline.StoreAsync(new MemoryStream(await TestFiles.InstanceAsync("2.1")), Stow, Ct);
        var stored = Assert.Single(await f.Registry.ResolveAsync(new InstanceScope("1.2.3.1"), Ct));

        // The crash window: the blob was made durable, the process died before the registry commit.
        var oldOrphan = await CommitBlobWithoutRowAsync(f, await TestFiles.InstanceAsync("2.2"));
        var freshOrphan = await CommitBlobWithoutRowAsync(f, await TestFiles.InstanceAsync("2.3"));
        Age(f.FileSystem.GetLocalPath(oldOrphan), TimeSpan.FromHours(2));
        Age(f.FileSystem.GetLocalPath(stored.BlobKey), TimeSpan.FromDays(30));

        var report = await new BlobReconciler(f.Blobs, f.Registry).ReconcileAsync(Grace, Ct);

        Assert.Equal(1, report.OrphansRemoved);
        Assert.Equal(1, report.OrphansKeptInGrace);
        Assert.False(await f.Blobs.ExistsAsync(oldOrphan, Ct));
        Assert.True(await f.Blobs.ExistsAsync(freshOrphan, Ct), "a blob younger than the grace may be an instance being stored right now");
        Assert.True(await f.Blobs.ExistsAsync(stored.BlobKey, Ct), "a referenced blob is never removed, however old");
        Assert.Empty(report.MissingBlobs);
    }

    [Fact]
    public async Task StagedFilesOlderThanTheGraceAreRemovedYoungerOnesKept()
    {
        await using var f = await ArchiveFixture.CreateAsync();
        var abandoned = f.Blobs.Stage();
        await abandoned.Stream.WriteAsync(new byte[100], Ct);
        await abandoned.Stream.FlushAsync(Ct);
        var inProgress = f.Blobs.Stage();
        await inProgress.Stream.WriteAsync(new byte[100], Ct);
        await inProgress.Stream.FlushAsync(Ct);
        Age(FileSystemBlobStore.StagedPathOf(abandoned), TimeSpan.FromHours(3));

        var report = await new BlobReconciler(f.Blobs, f.Registry).ReconcileAsync(Grace, Ct);

        Assert.Equal(1, report.StagedFilesRemoved);
        Assert.Equal([FileSystemBlobStore.StagedPathOf(inProgress)], f.StagedFiles());
        await inProgress.DisposeAsync();
        await abandoned.DisposeAsync();
    }

    [Fact]
    public async Task RowWhoseBlobIsMissingIsReportedAndKept()
    {
        await using var f = await ArchiveFixture.CreateAsync();
        await f.Pipeline.StoreAsync(new MemoryStream(await TestFiles.InstanceAsync("2.1")), Stow, Ct);
        await f.Pipeline.StoreAsync(new MemoryStream(await TestFiles.InstanceAsync("2.2")), Stow, Ct);
        var lost = (await f.Registry.ResolveAsync(new InstanceScope("1.2.3.1", "1.2.3.1.1", "2.2"), Ct))[0];
        File.Delete(f.FileSystem.GetLocalPath(lost.BlobKey));

        var report = await new BlobReconciler(f.Blobs, f.Registry).ReconcileAsync(Grace, Ct);

        var missing = Assert.Single(report.MissingBlobs);
        Assert.Equal("2.2", missing.SopInstanceUid);
        Assert.Equal(lost.BlobKey, missing.BlobKey);
        Assert.Equal(0, report.OrphansRemoved);
        Assert.True(await f.Registry.ContainsInstanceAsync("2.2", Ct), "the sweep reports a missing blob; it does not delete the row");
        Assert.Single(f.BlobFiles());
    }

    [Fact]
    public async Task ConsistentArchiveIsLeftAlone()
    {
        await using var f = await ArchiveFixture.CreateAsync();
        for (var i = 1; i <= 3; i++)
        {
            await f.Pipeline.StoreAsync(new MemoryStream(await TestFiles.InstanceAsync($"2.{i}")), Stow, Ct);
        }

        foreach (var file in f.BlobFiles())
        {
            Age(file, TimeSpan.FromDays(1));
        }

        var report = await new BlobReconciler(f.Blobs, f.Registry).ReconcileAsync(Grace, Ct);

        Assert.Equal((0, 0, 0, 0), (report.OrphansRemoved, report.OrphansKeptInGrace, report.StagedFilesRemoved, report.MissingBlobs.Count));
        Assert.Equal(3, f.BlobFiles().Length);
    }

    private static async Task<string> CommitBlobWithoutRowAsync(ArchiveFixture f, byte[] bytes)
    {
        await using var staged = f.Blobs.Stage();
        await staged.Stream.WriteAsync(bytes, Ct);
        return (await f.Blobs.CommitAsync([staged], Ct))[0];
    }

    private static void Age(string path, TimeSpan age) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
}
