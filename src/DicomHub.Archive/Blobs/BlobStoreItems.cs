using DicomHub.Network.Scu;

namespace DicomHub.Archive.Blobs;

/// <summary>Stored blobs as C-STORE items (C-MOVE, C-GET, forwarding): the data set is streamed from the store by range.</summary>
public static class BlobStoreItems
{
    /// <summary>The item for <paramref name="key"/>; null when the blob is not Part 10.</summary>
    /// <exception cref="BlobNotFoundException">No blob has this key.</exception>
    public static async Task<DicomStoreItem?> FromBlobAsync(IBlobStore blobs, string key, CancellationToken cancellationToken)
    {
        var length = await blobs.GetLengthAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new BlobNotFoundException(key);
        return await DicomStoreItem.FromRangesAsync(new BlobRangeSource(blobs, key), length, cancellationToken).ConfigureAwait(false);
    }
}
