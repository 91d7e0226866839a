using DicomHub.Archive.Blobs;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.IO;

namespace DicomHub.Archive.Retrieve;

/// <summary>The requested transfer syntax cannot be produced from the stored one.</summary>
public sealed class TranscodingNotPossibleException(TransferSyntax stored, TransferSyntax requested)
    : Exception($"The instance is stored as {stored.Name}; converting it to {requested.Name} needs a codec this archive does not have. Ask for transfer-syntax=* to get it as stored.")
{
    public TransferSyntax Stored { get; } = stored;

    public TransferSyntax Requested { get; } = requested;
}

/// <summary>The registry points at a blob that is not in the blob store (a crash state the sweep reports).</summary>
public sealed class BlobMissingException(StoredInstance instance)
    : Exception($"Instance {instance.SopInstanceUid} is in the registry but its stored file (blob {instance.BlobKey}) is missing from the blob store; restore the file or DELETE the instance. The blob sweep lists every such instance in the log and in /healthz.")
{
    public StoredInstance Instance { get; } = instance;
}

/// <summary>
/// Retrieval: resolves studies, series and instances to blobs and writes instances as stored or re-encoded
/// through the toolkit transcoder (any native syntax, and the compressed syntaxes it has codecs for).
/// </summary>
public sealed class RetrieveService(IRegistry registry, IBlobStore blobs, IArchiveAuthorizer authorizer, DicomTranscoder transcoder)
{
    private readonly DicomTranscoder _transcoder = transcoder;

    public IRegistry Registry { get; } = registry;

    /// <summary>The stored instances of <paramref name="scope"/>, once <paramref name="principal"/> may read them.</summary>
    /// <exception cref="ArchiveAccessDeniedException">The principal may not read.</exception>
    public Task<IReadOnlyList<StoredInstance>> ResolveAsync(ArchivePrincipal principal, InstanceScope scope, CancellationToken cancellationToken = default)
    {
        authorizer.Demand(principal, ArchiveAction.Read, scope.ToString());
        return Registry.ResolveAsync(scope, cancellationToken);
    }

    /// <summary>The WADO-RS metadata JSON of each instance of <paramref name="scope"/>, written at ingest, once <paramref name="principal"/> may read it.</summary>
    public IAsyncEnumerable<string> ReadMetadataAsync(ArchivePrincipal principal, InstanceScope scope, CancellationToken cancellationToken = default)
    {
        authorizer.Demand(principal, ArchiveAction.Read, scope.ToString());
        return Registry.ReadMetadataAsync(scope, cancellationToken);
    }

    /// <summary>True when <paramref name="requested"/> can be written from <paramref name="stored"/>.</summary>
    public bool CanProduce(TransferSyntax stored, TransferSyntax requested) =>
        stored == requested
        || (!stored.IsEncapsulated && !requested.IsEncapsulated && requested.IsKnown)
        || _transcoder.CanTranscode(stored, requested);

    /// <summary>The stored bytes as a stream.</summary>
    /// <exception cref="BlobMissingException">The blob is not in the blob store.</exception>
    public async Task<Stream> OpenStoredAsync(StoredInstance instance, CancellationToken cancellationToken = default)
    {
        try
        {
            return await blobs.OpenReadAsync(instance.BlobKey, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            throw new BlobMissingException(instance);
        }
    }

    /// <summary>Throws <see cref="BlobMissingException"/> for the first instance whose blob is gone (checked before a response starts).</summary>
    public async Task EnsureBlobsPresentAsync(IEnumerable<StoredInstance> instances, CancellationToken cancellationToken = default)
    {
        // A few at a time: against an object store each check is a round trip.
        StoredInstance? missing = null;
        await Parallel.ForEachAsync(instances, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (instance, ct) =>
        {
            if (await blobs.GetLengthAsync(instance.BlobKey, ct).ConfigureAwait(false) is null)
            {
                Interlocked.CompareExchange(ref missing, instance, null);
            }
        }).ConfigureAwait(false);
        if (missing is not null)
        {
            throw new BlobMissingException(missing);
        }
    }

    /// <summary>
    /// Parses the stored blob with large values left in the store (for frames, bulk data, rendering): they are
    /// read later by byte range, and a parser seeking past them downloads nothing from an object store.
    /// </summary>
    public async Task<DicomFile> OpenAsync(StoredInstance instance, CancellationToken cancellationToken = default)
    {
        Stream stream;
        try
        {
            stream = await BlobWindowStream.OpenSeekableAsync(blobs, instance.BlobKey, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            throw new BlobMissingException(instance);
        }

        await using (stream.ConfigureAwait(false))
        {
            return await DicomFile.ReadWithRangeSourceAsync(stream, new BlobRangeSource(blobs, instance.BlobKey), new DicomReadOptions { LargeValueThreshold = 64 * 1024 }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the instance as Part 10, as stored (byte for byte) or re-encoded in <paramref name="target"/>.</summary>
    public async Task WriteAsync(StoredInstance instance, TransferSyntax? target, Stream output, CancellationToken cancellationToken = default)
    {
        var stored = TransferSyntax.FromUid(instance.TransferSyntaxUid);
        if (target is null || target == stored)
        {
            await using var source = await OpenStoredAsync(instance, cancellationToken).ConfigureAwait(false);
            await source.CopyToAsync(output, 1 << 17, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!CanProduce(stored, target))
        {
            throw new TranscodingNotPossibleException(stored, target);
        }

        var file = await OpenAsync(instance, cancellationToken).ConfigureAwait(false);
        DicomFile converted;
        try
        {
            // Compressed-to-native decodes lazily, frame by frame, while the file is written.
            converted = await _transcoder.TranscodeAsync(file, target, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (TransferSyntaxNotSupportedException)
        {
            throw new TranscodingNotPossibleException(stored, target);
        }

        await converted.WriteAsync(output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One frame (0-based) as native pixels laid out as the Image Pixel module says: read as stored when the
    /// pixel data is native, else only that frame decoded by the toolkit's codec (a 1000-frame RLE instance is
    /// not decoded whole to render one frame).
    /// </summary>
    /// <exception cref="TranscodingNotPossibleException">The stored syntax has no decoder here.</exception>
    /// <exception cref="DicomImagingException">No usable pixel data, or a corrupt compressed frame.</exception>
    public async Task<ReadOnlyMemory<byte>> ReadNativeFrameAsync(DicomFile file, int frameIndex, CancellationToken cancellationToken = default)
    {
        var pixels = DicomPixelData.FromDataset(file.Dataset);
        var stored = await pixels.ReadFrameAsync(frameIndex, cancellationToken).ConfigureAwait(false);
        if (!pixels.IsEncapsulated)
        {
            return stored;
        }

        if (!_transcoder.Codecs.TryGet(file.TransferSyntax, out var codec))
        {
            throw new TranscodingNotPossibleException(file.TransferSyntax, TransferSyntax.ExplicitVRLittleEndian);
        }

        var native = new byte[pixels.Description.FrameLength];
        codec.Decode(stored.Span, pixels.Description, native);
        return native;
    }

    /// <summary>The pixel data of <paramref name="file"/> as native (uncompressed) frames, decoding compressed ones.</summary>
    /// <exception cref="TranscodingNotPossibleException">The stored syntax has no decoder here.</exception>
    public async Task<DicomPixelData> NativePixelsAsync(DicomFile file, CancellationToken cancellationToken = default)
    {
        var target = TransferSyntax.ExplicitVRLittleEndian;
        try
        {
            var decoded = await _transcoder.TranscodeAsync(file.Dataset, file.TransferSyntax, target, cancellationToken: cancellationToken).ConfigureAwait(false);
            return DicomPixelData.FromDataset(decoded);
        }
        catch (TransferSyntaxNotSupportedException)
        {
            throw new TranscodingNotPossibleException(file.TransferSyntax, target);
        }
    }
}
