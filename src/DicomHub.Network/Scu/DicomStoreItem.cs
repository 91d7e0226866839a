using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.IO;
using DicomHub.Network.Storage;

namespace DicomHub.Network.Scu;

/// <summary>
/// One instance to send: its identity, transfer syntax and a way to open its bare data set as a stream.
/// From a file, the stream starts right after the file meta, so the bytes go onto the wire untouched.
/// </summary>
public sealed class DicomStoreItem(string sopClassUid, string sopInstanceUid, TransferSyntax transferSyntax, long datasetLength, Func<CancellationToken, ValueTask<Stream>> openDataset, string? sourcePath = null)
{
    /// <summary>How much of an object is read to find its file meta: far more than any real meta takes.</summary>
    private const int HeadBytes = 64 * 1024;

    public string SopClassUid { get; } = sopClassUid;

    public string SopInstanceUid { get; } = sopInstanceUid;

    public TransferSyntax TransferSyntax { get; } = transferSyntax;

    /// <summary>Bytes of the data set (for progress reporting).</summary>
    public long DatasetLength { get; } = datasetLength;

    /// <summary>The file (or blob) it came from, or null for an in-memory data set.</summary>
    public string? SourcePath { get; } = sourcePath;

    public ValueTask<Stream> OpenDatasetAsync(CancellationToken cancellationToken) => openDataset(cancellationToken);

    /// <summary>Reads the file meta of a Part 10 file; null when the file is not DICOM Part 10.</summary>
    public static async Task<DicomStoreItem?> FromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        Part10Info? meta;
        try
        {
            meta = await Part10Header.TryReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        if (meta is null)
        {
            return null;
        }

        var length = new FileInfo(path).Length - meta.DatasetOffset;
        return new DicomStoreItem(meta.SopClassUid, meta.SopInstanceUid, meta.TransferSyntax, length, _ =>
        {
            // Sequential, large-buffered reads: the sender asks for whole PDUs at a time.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
            stream.Position = meta.DatasetOffset;
            return ValueTask.FromResult<Stream>(stream);
        }, path);
    }

    /// <summary>
    /// Reads the file meta of a Part 10 object held somewhere that serves byte ranges (a blob store); null when
    /// it is not Part 10. Its data set is later opened as the range after the meta, so only the bytes sent are read.
    /// </summary>
    public static async Task<DicomStoreItem?> FromRangesAsync(IByteRangeSource source, long length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Part10Info? meta;
        var head = await source.OpenRangeAsync(0, Math.Min(length, HeadBytes), cancellationToken).ConfigureAwait(false);
        await using (head.ConfigureAwait(false))
        {
            meta = await Part10Header.TryReadAsync(head, cancellationToken).ConfigureAwait(false);
        }

        if (meta is null)
        {
            return null;
        }

        return new DicomStoreItem(
            meta.SopClassUid,
            meta.SopInstanceUid,
            meta.TransferSyntax,
            length - meta.DatasetOffset,
            ct => source.OpenRangeAsync(meta.DatasetOffset, length - meta.DatasetOffset, ct),
            source.Name);
    }

    /// <summary>An instance whose encoded data set is already in memory (tests, generated objects).</summary>
    public static DicomStoreItem FromBytes(string sopClassUid, string sopInstanceUid, TransferSyntax transferSyntax, ReadOnlyMemory<byte> dataset) =>
        new(sopClassUid, sopInstanceUid, transferSyntax, dataset.Length, _ => ValueTask.FromResult<Stream>(new Dicom.Data.Buffers.ReadOnlyMemoryStream(dataset)));

    public override string ToString() => SourcePath ?? SopInstanceUid;
}
