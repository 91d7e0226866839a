using DicomHub.Archive.Blobs;
using DicomHub.Dicom.Data.Buffers;

namespace DicomHub.Archive.Ingest;

/// <summary>One bulk data part of a STOW-RS request, spooled to a staged blob (read back through <paramref name="Content"/>).</summary>
public sealed record BulkDataPart(string Location, string MediaType, string? TransferSyntaxUid, IByteRangeSource Content, long Length);

/// <summary>
/// The bulk data parts of a STOW-RS metadata request (PS3.18 10.5.1.2.2), each spooled to a staged blob in the blob
/// store's staging area (swept after a crash) and found again by the URI the metadata names: its Content-Location,
/// or "cid:ID" for a Content-ID. Disposing deletes them all.
/// </summary>
public sealed class BulkDataParts(IBlobStore blobs, long maxPartBytes) : IAsyncDisposable
{
    private readonly List<IStagedBlob> _staged = [];
    private readonly Dictionary<string, BulkDataPart> _byLocation = new(StringComparer.Ordinal);

    public int Count => _byLocation.Count;

    /// <summary>Copies one part's body to a staged blob and registers it under its location(s).</summary>
    /// <exception cref="InstanceTooLargeException">The part is larger than the archive accepts for an instance.</exception>
    public async Task AddAsync(Stream body, string? contentLocation, string? contentId, string mediaType, string? transferSyntaxUid, CancellationToken cancellationToken)
    {
        var blob = blobs.Stage();
        _staged.Add(blob);
        var target = new StagingStream(blob.Stream, maxPartBytes);
        await target.CopyFromAsync(body, cancellationToken).ConfigureAwait(false);

        await blob.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        foreach (var location in Locations(contentLocation, contentId))
        {
            _byLocation[location] = new BulkDataPart(location, mediaType, transferSyntaxUid, new StagedBlobRangeSource(blob, location), blob.Stream.Length);
        }
    }

    /// <summary>The part a BulkDataURI names: exactly, or by path when one side is absolute and the other relative.</summary>
    public BulkDataPart? Find(string uri)
    {
        if (_byLocation.TryGetValue(uri, out var exact))
        {
            return exact;
        }

        var path = PathOf(uri);
        return _byLocation.Values.FirstOrDefault(p => PathOf(p.Location) == path);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var blob in _staged)
        {
            await blob.DisposeAsync().ConfigureAwait(false);
        }

        _staged.Clear();
        _byLocation.Clear();
    }

    private static IEnumerable<string> Locations(string? contentLocation, string? contentId)
    {
        if (!string.IsNullOrWhiteSpace(contentLocation))
        {
            yield return contentLocation.Trim();
        }

        if (!string.IsNullOrWhiteSpace(contentId))
        {
            yield return "cid:" + contentId.Trim().TrimStart('<').TrimEnd('>');
        }
    }

    private static string PathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.PathAndQuery : uri.TrimStart('.');
}
