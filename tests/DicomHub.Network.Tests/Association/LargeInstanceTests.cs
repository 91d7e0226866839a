using System.Buffers.Binary;
using System.Net;
using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scp;
using DicomHub.Network.Scu;
using DicomHub.Network.Services;
using DicomHub.Network.Storage;
using DicomHub.Testing;

namespace DicomHub.Network.Tests.Association;

[CollectionDefinition(nameof(NetworkMemoryMeasuringCollection), DisableParallelization = true)]
public sealed class NetworkMemoryMeasuringCollection;

/// <summary>
/// A 512 MB instance goes from a file through our SCU and SCP into a file without being held in memory on
/// either side: the whole transfer (both sides run in this process) allocates a small fraction of the
/// instance, and the SCP's handler gets the data set in many bounded reads while the bytes arrive. Runs
/// alone so the process-wide allocation count measures this test only.
/// </summary>
[Collection(nameof(NetworkMemoryMeasuringCollection))]
public sealed class LargeInstanceTests
{
    private const long PixelBytes = 512L << 20;
    private const long MarkerSpacing = 32L << 20;

    // Per PDU a few small objects and no copy of the data: a few MB in all. Holding the instance would be
    // 512 MB+; so was churning unpooled pipe segments (375 MB, before the SCP's pipe used 64 KB segments).
    private const long AllocationBudget = 32L << 20;

    [Fact]
    public async Task A_512_MB_instance_streams_from_file_to_file_with_bounded_memory()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var source = new TempDirectory("dicomhub-large-src");
        using var target = new TempDirectory("dicomhub-large-dst");
        var uid = TestData.NewUid();
        var (path, pixelOffset) = WriteSparseInstance(source.Path, uid);
        var handler = new ObservingHandler(new FolderStoreHandler(target.Path));
        await using var server = DicomServer.ForStorage(new DicomServerOptions { BindAddress = IPAddress.Loopback, Port = 0, Policy = new AcceptancePolicy { AeTitle = "STORESCP" } }, handler);
        await server.StartAsync(cancellation);
        var item = (await DicomStoreItem.FromFileAsync(path, cancellation))!;
        var client = new DicomClientOptions { CallingAeTitle = "STORESCU", Network = new DicomNetworkOptions { MaxPduLength = 65536 } };

        using var ticks = new AllocationTicks();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var result = Assert.Single(await new DicomStoreSender(new DicomNodeUri("STORESCP", "127.0.0.1", server.Port), client).SendAsync([item], cancellationToken: cancellation));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.True(result.IsSuccess, result.Reason);
        Assert.True(allocated < AllocationBudget, $"sending and receiving {PixelBytes >> 20} MB allocated {allocated >> 20} MB (sampled by type: {ticks.Top(5)})");
        Assert.True(handler.Reads >= PixelBytes / (1 << 20), $"the handler read the data set in {handler.Reads} reads: it was not streamed");
        Assert.True(handler.LargestRead <= 1 << 20, $"one read returned {handler.LargestRead} bytes");

        // Same data set bytes on arrival: the size, and the markers planted through the pixel data.
        var received = Path.Combine(target.Path, uid + ".dcm");
        var receivedMeta = (await Part10Header.TryReadAsync(received, cancellation))!;
        var sentMeta = (await Part10Header.TryReadAsync(path, cancellation))!;
        Assert.Equal(new FileInfo(path).Length - sentMeta.DatasetOffset, new FileInfo(received).Length - receivedMeta.DatasetOffset);
        await using var file = File.OpenRead(received);
        var marker = new byte[8];
        for (long at = 0; at < PixelBytes; at += MarkerSpacing)
        {
            file.Position = pixelOffset - sentMeta.DatasetOffset + receivedMeta.DatasetOffset + at;
            await file.ReadExactlyAsync(marker, cancellation);
            Assert.Equal(at, BinaryPrimitives.ReadInt64LittleEndian(marker));
        }
    }

    /// <summary>
    /// A Part 10 file whose pixel data is a sparse hole (no disk space, no time to write) with an 8-byte
    /// marker every <see cref="MarkerSpacing"/> bytes. Returns the path and the file offset of the pixel data.
    /// </summary>
    private static (string Path, long PixelOffset) WriteSparseInstance(string folder, string uid)
    {
        var path = Path.Combine(folder, uid + ".dcm");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(Part10Header.Create(DicomUids.MultiframeGrayscaleWordSecondaryCaptureImageStorage, uid, TransferSyntax.ExplicitVRLittleEndian, DicomImplementation.ClassUid, DicomImplementation.VersionName, null));
        WriteElement(stream, 0x0008, 0x0016, "UI", TestData.Text(DicomUids.MultiframeGrayscaleWordSecondaryCaptureImageStorage, '\0'));
        WriteElement(stream, 0x0008, 0x0018, "UI", TestData.Text(uid, '\0'));
        Span<byte> pixelHeader = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(pixelHeader, 0x0010_7FE0);
        pixelHeader[4] = (byte)'O';
        pixelHeader[5] = (byte)'W';
        BinaryPrimitives.WriteUInt32LittleEndian(pixelHeader[8..], (uint)PixelBytes);
        stream.Write(pixelHeader);
        var pixelOffset = stream.Position;
        Span<byte> marker = stackalloc byte[8];
        for (long at = 0; at < PixelBytes; at += MarkerSpacing)
        {
            stream.Position = pixelOffset + at;
            BinaryPrimitives.WriteInt64LittleEndian(marker, at);
            stream.Write(marker);
        }

        stream.SetLength(pixelOffset + PixelBytes);
        return (path, pixelOffset);
    }

    private static void WriteElement(Stream stream, ushort group, ushort element, string vr, byte[] value)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)value.Length);
        stream.Write(header);
        stream.Write(value);
    }

    /// <summary>Counts how the SCP's handler receives the data set: how many reads, and the largest.</summary>
    private sealed class ObservingHandler(ICStoreHandler inner) : ICStoreHandler
    {
        public int Reads { get; private set; }

        public int LargestRead { get; private set; }

        public Task<DimseStatus> StoreAsync(CStoreRequest request, Stream dataset, CancellationToken cancellationToken) =>
            inner.StoreAsync(request, new ObservedStream(dataset, this), cancellationToken);

        private sealed class ObservedStream(Stream inner, ObservingHandler owner) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var read = await inner.ReadAsync(buffer, cancellationToken);
                owner.Reads++;
                owner.LargestRead = Math.Max(owner.LargestRead, read);
                return read;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
