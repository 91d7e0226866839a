using DicomHub.Dicom.Data.Buffers;

namespace DicomHub.Archive.Blobs;

/// <summary>A committed blob as a source of byte ranges, so values left lazy by the parser are read from the store.</summary>
public sealed class BlobRangeSource(IBlobStore blobs, string key) : IByteRangeSource
{
    public string Name => key;

    public async ValueTask<Stream> OpenRangeAsync(long offset, long length, CancellationToken cancellationToken = default) =>
        await blobs.OpenRangeAsync(key, offset, length, cancellationToken).ConfigureAwait(false);
}

/// <summary>A staged blob's bytes as a source of byte ranges (bulk data parts, values left lazy while indexing).</summary>
public sealed class StagedBlobRangeSource(IStagedBlob blob, string name) : IByteRangeSource
{
    public string Name => name;

    public ValueTask<Stream> OpenRangeAsync(long offset, long length, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<Stream>(new SubStream(blob.OpenStaged(), offset, length));
}
