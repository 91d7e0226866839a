using DicomHub.Archive.Blobs.FileSystem;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Blobs.FileSystem;

/// <summary>
/// The file blob store's own promises: a staged blob sits beside its final name where no reader looks, the
/// commit renames it in place, and the sweep tells a dead staged file (older than the store) from a live one.
/// </summary>
public sealed class FileSystemBlobStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALargeBlobWrittenInOddChunksIsCommittedByteForByteUnderItsKey()
    {
        using var root = new TempDirectory("dicomhub-blobs");
        var store = new FileSystemBlobStore(root.Path, durable: true);
        var content = new byte[1_300_000]; // several early-writeback steps (256 KiB each) and a tail
        new Random(7).NextBytes(content);

        await using var staged = store.Stage();
        Assert.EndsWith(".dcm.part", FileSystemBlobStore.StagedPathOf(staged), StringComparison.Ordinal);
        Assert.Empty(await store.ListAsync(Ct).ToListAsync(Ct));
        for (var offset = 0; offset < content.Length; offset += 99_991)
        {
            await staged.Stream.WriteAsync(content.AsMemory(offset, Math.Min(99_991, content.Length - offset)), Ct);
        }

        var key = Assert.Single(await store.CommitAsync([staged], Ct));

        Assert.Equal(content, await File.ReadAllBytesAsync(store.GetLocalPath(key), Ct));
        Assert.Equal(Path.GetDirectoryName(store.GetLocalPath(key)), Path.GetDirectoryName(FileSystemBlobStore.StagedPathOf(staged)));
        Assert.Equal(key, Assert.Single(await store.ListAsync(Ct).ToListAsync(Ct)).Key);
        Assert.Empty(StagedBlobs.In(root.Path));
    }

    [Fact]
    public async Task TheSweepRemovesStagedFilesFromBeforeTheStoreOpenedHoweverYoungAndKeepsItsOwn()
    {
        using var root = new TempDirectory("dicomhub-blobs");
        var crashed = new FileSystemBlobStore(root.Path);
        var leftover = crashed.Stage();
        await leftover.Stream.WriteAsync(new byte[10], Ct);
        await leftover.Stream.FlushAsync(Ct);
        File.SetLastWriteTimeUtc(FileSystemBlobStore.StagedPathOf(leftover), DateTime.UtcNow.AddSeconds(-5));

        // The process restarts: a new store, and a write in progress in it.
        var restarted = new FileSystemBlobStore(root.Path);
        await using var live = restarted.Stage();
        await live.Stream.WriteAsync(new byte[10], Ct);
        await live.Stream.FlushAsync(Ct);

        var removed = await restarted.SweepStagingAsync(TimeSpan.FromHours(1), Ct);

        Assert.Equal(1, removed);
        Assert.False(File.Exists(FileSystemBlobStore.StagedPathOf(leftover)), "five seconds old, but written before this store opened: its writer is gone");
        Assert.Equal([FileSystemBlobStore.StagedPathOf(live)], StagedBlobs.In(root.Path));
        await leftover.DisposeAsync();
    }
}
