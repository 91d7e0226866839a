using DicomHub.Archive.Blobs;
using DicomHub.Archive.Registry;
using DicomHub.Dicom.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Ingest;

/// <summary>
/// The one ingestion path. C-STORE and STOW-RS both hand instances here: each is streamed into a staged
/// blob, parsed and validated, checked against the duplicate policy, then a batch is made durable (blob
/// fsync + rename) and committed to the registry in one transaction, shared with the other ingests waiting
/// at that moment (<see cref="RegistryGroupCommit"/>). A result says "stored" only after both; a failure at
/// any point leaves the whole instance or nothing.
/// </summary>
public sealed class IngestPipeline(IBlobStore blobs, IRegistry registry, StorageOptions options, ILogger<IngestPipeline>? logger = null, IEnumerable<IIngestObserver>? observers = null)
{
    private readonly IIngestObserver[] _observers = [.. observers ?? []];

    internal IBlobStore Blobs { get; } = blobs;

    internal IRegistry Registry { get; } = registry;

    internal StorageOptions Options { get; } = options;

    internal ILogger Logger { get; } = logger ?? NullLogger<IngestPipeline>.Instance;

    /// <summary>Registry commits of concurrent ingests (associations, async windows, STOW requests) share transactions.</summary>
    internal RegistryGroupCommit GroupCommit { get; } = new(registry, options, logger ?? (ILogger)NullLogger<IngestPipeline>.Instance);

    /// <summary>Tells the observers (forwarding rules) about committed instances; their failures never undo the store.</summary>
    internal async Task NotifyStoredAsync(IngestSource source, IReadOnlyList<InstanceRecord> stored)
    {
        if (stored.Count == 0)
        {
            return;
        }

        foreach (var observer in _observers)
        {
            try
            {
                // Not the request's token: the instances are stored, so what follows from that must happen too.
                await observer.OnStoredAsync(source, stored, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Logger.LogError(e, "{Observer} failed for {Count} stored instances; they are stored but its follow-up (e.g. forwarding) did not happen", observer.GetType().Name, stored.Count);
            }
        }
    }

    /// <summary>Starts a multi-instance ingest (one STOW request, one association); dispose it to drop what was not completed.</summary>
    public IngestBatch BeginBatch(IngestSource source) => new(this, source);

    /// <summary>
    /// A holder for the bulk data parts of a STOW-RS metadata request, spooled in the blob store's staging area
    /// (each refused above Storage:MaxInstanceBytes); the instances built from them go through <see cref="BeginBatch"/>.
    /// </summary>
    public BulkDataParts BeginBulkData() => new(Blobs, Options.MaxInstanceBytes);

    /// <summary>Stores one Part 10 instance.</summary>
    public async Task<IngestResult> StoreAsync(Stream instance, IngestSource source, CancellationToken cancellationToken = default)
    {
        await using var batch = BeginBatch(source);
        await batch.AddAsync(instance, cancellationToken).ConfigureAwait(false);
        return (await batch.CompleteAsync(cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>
    /// Stores one bare data set as DIMSE carries it (no preamble, no meta) in <paramref name="transferSyntax"/>;
    /// the archive writes the file meta in front of the received bytes, which it stores unchanged.
    /// </summary>
    public async Task<IngestResult> StoreDatasetAsync(Stream dataset, TransferSyntax transferSyntax, string sopClassUid, string sopInstanceUid, IngestSource source, CancellationToken cancellationToken = default)
    {
        await using var batch = BeginBatch(source);
        await batch.AddDatasetAsync(dataset, transferSyntax, sopClassUid, sopInstanceUid, cancellationToken).ConfigureAwait(false);
        return (await batch.CompleteAsync(cancellationToken).ConfigureAwait(false))[0];
    }
}
