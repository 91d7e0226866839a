using DicomHub.Archive.Ingest;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Ingest;

/// <summary>The staging write stream (size limit, head kept in memory) and the read-back stream built on its head.</summary>
public sealed class StagingStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Bytes(int count) => [.. Enumerable.Range(0, count).Select(i => (byte)(i * 7))];

    [Fact]
    public async Task KeepsExactlyTheFirstBytesAcrossWritesAndPassesAllThrough()
    {
        var data = Bytes(1000);
        using var inner = new MemoryStream();
        using var staging = new StagingStream(inner, limit: 10_000, headCapacity: 300);

        await staging.WriteAsync(data.AsMemory(0, 250), Ct);
        staging.Write(data.AsSpan(250, 100));
        await staging.WriteAsync(data.AsMemory(350), Ct);

        Assert.Equal(data, inner.ToArray());
        Assert.Equal(1000, staging.Written);
        Assert.Equal(data.AsSpan(0, 300).ToArray(), staging.Head.ToArray());
    }

    [Fact]
    public async Task RefusesTheWriteThatCrossesTheLimitBeforeItReachesTheTarget()
    {
        using var inner = new MemoryStream();
        using var staging = new StagingStream(inner, limit: 100);

        await staging.WriteAsync(Bytes(100), Ct);
        var e = await Assert.ThrowsAsync<InstanceTooLargeException>(async () => await staging.WriteAsync(Bytes(1), Ct));

        Assert.Equal(100, e.Limit);
        Assert.Equal(100, inner.Length);
        Assert.True(staging.Head.IsEmpty);
    }

    [Fact]
    public async Task ReadBackServesTheHeadThenTheFileAndSeeksAcrossBoth()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("staged.part");
        var data = Bytes(5000);
        await File.WriteAllBytesAsync(path, data, Ct);

        // A head that differs from the file shows which bytes came from memory.
        var head = data.AsSpan(0, 1000).ToArray();
        head[10] = 0xEE;
        using var stream = new HeadThenStagedStream(head, () => File.OpenRead(path), data.Length);
        var all = new byte[data.Length];
        await stream.ReadExactlyAsync(all, Ct);

        Assert.Equal(0xEE, all[10]);
        Assert.Equal(data.AsSpan(1000).ToArray(), all.AsSpan(1000).ToArray());
        Assert.Equal(0, await stream.ReadAsync(new byte[10], Ct));

        stream.Seek(995, SeekOrigin.Begin);
        var straddle = new byte[10];
        await stream.ReadExactlyAsync(straddle, Ct);
        Assert.Equal(data.AsSpan(995, 10).ToArray(), straddle);

        stream.Seek(-3, SeekOrigin.End);
        Assert.Equal(3, stream.Read(new byte[10]));
    }

    [Fact]
    public async Task ReadBackNeverOpensTheFileWhenTheHeadHoldsEverything()
    {
        var data = Bytes(100);
        using var stream = new HeadThenStagedStream(data, () => File.OpenRead("/nonexistent/never-opened.part"), data.Length);
        var all = new byte[100];

        await stream.ReadExactlyAsync(all, Ct);

        Assert.Equal(data, all);
        Assert.Equal(0, await stream.ReadAsync(new byte[1], Ct));
    }
}
