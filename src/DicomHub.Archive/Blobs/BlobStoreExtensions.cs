namespace DicomHub.Archive.Blobs;

public static class BlobStoreExtensions
{
    public static async Task<bool> ExistsAsync(this IBlobStore blobs, string key, CancellationToken cancellationToken = default) =>
        await blobs.GetLengthAsync(key, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The whole blob in memory: for small blobs and tests only.</summary>
    public static async Task<byte[]> ReadAllBytesAsync(this IBlobStore blobs, string key, CancellationToken cancellationToken = default)
    {
        var stream = await blobs.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.ToArray();
        }
    }
}
