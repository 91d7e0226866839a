using DicomHub.Archive.Blobs;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
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
public sealed class IngestPipeline(IBlobStore blobs, IRegistry registry, StorageOptions options, ILogger<IngestPipeline>? logger = null, IEnumerable<IIngestObserver>? observers = null, IArchiveAuthorizer? authorizer = null)
{
    private readonly IArchiveAuthorizer _authorizer = authorizer ?? new RoleAuthorizer();

    private readonly IIngestObserver[] _observers = [.. observers ?? []];

    internal IBlobStore Blobs { get; } = blobs;

    internal IRegistry Registry { get; } = registry;

    internal StorageOptions Options { get; } = options;

    internal ILogger Logger { get; } = logger ?? NullLogger<IngestPipeline>.Instance;

    /// <summary>Registry commits of concurrent ingests (associations, async windows, STOW requests) share transactions.</summary>
    internal RegistryGroupCommit GroupCommit { get; } = new(registry, options, logger ?? (ILogger)NullLogger<IngestPipeline>.Instance);

    /// <summary>True when something follows a store (forwarding rules): then commits record the follow-up as owed.</summary>
    internal bool HasObservers => _observers.Length > 0;

    /// <summary>
    /// Tells the observers (forwarding rules) about committed instances; their failures never undo the store.
    /// When all of them ran, the follow-up rows (<paramref name="followUps"/>) go in the next registry
    /// transaction; when one failed they stay, and the next start replays them.
    /// </summary>
    internal async Task NotifyStoredAsync(IngestSource source, IReadOnlyList<InstanceRecord> stored, IReadOnlyList<long> followUps)
    {
        if (stored.Count == 0)
        {
            return;
        }

        if (await NotifyObserversAsync(source, stored).ConfigureAwait(false))
        {
            GroupCommit.FollowUpsDone(followUps);
        }
    }

    /// <summary>
    /// At start, before the listeners take traffic: runs the follow-ups a crash (or a failed observer) left owed,
    /// then removes them. At least once: a follow-up that ran just before a crash runs again (a forwarding job
    /// queued twice sends the instance twice; the destination keeps one copy).
    /// </summary>
    public async Task<int> ReplayFollowUpsAsync(CancellationToken cancellationToken = default)
    {
        var owed = await Registry.ReadFollowUpsAsync(cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (owed.Count == 0 || !HasObservers)
        {
            return 0;
        }

        var replayed = new List<long>();
        foreach (var origin in owed.GroupBy(f => f.Origin))
        {
            var source = new IngestSource(Enum.TryParse<IngestProtocol>(origin.Key.Protocol, out var protocol) ? protocol : IngestProtocol.StowRs, origin.Key.Peer) { Principal = ArchivePrincipal.System };
            if (await NotifyObserversAsync(source, [.. origin.Select(Replayed)]).ConfigureAwait(false))
            {
                replayed.AddRange(origin.Select(f => f.Id));
            }
        }

        await Registry.DeleteFollowUpsAsync(replayed, cancellationToken).ConfigureAwait(false);
        Logger.LogWarning("Replayed the follow-ups (forwarding rules) of {Count} instances stored before the last stop", replayed.Count);
        return replayed.Count;
    }

    /// <summary>Removes the rows of follow-ups that ran, which no ingest transaction took yet (at shutdown).</summary>
    public Task FlushFollowUpsAsync(CancellationToken cancellationToken = default) => GroupCommit.FlushFollowUpsAsync(cancellationToken);

    /// <summary>A replayed instance: what the registry kept for its follow-up (identity, SOP class, modality).</summary>
    private static InstanceRecord Replayed(FollowUp followUp) => new()
    {
        Patient = new LevelRow(new Dictionary<string, string>(), "{}"),
        Study = new LevelRow(new Dictionary<string, string>(), "{}"),
        Series = new LevelRow(new Dictionary<string, string> { ["modality"] = followUp.Modality }, "{}"),
        StudyInstanceUid = followUp.StudyInstanceUid,
        SeriesInstanceUid = followUp.SeriesInstanceUid,
        SopInstanceUid = followUp.SopInstanceUid,
        SopClassUid = followUp.SopClassUid,
        InstanceNumber = string.Empty,
        TransferSyntaxUid = string.Empty,
        BlobKey = string.Empty,
        BlobSize = 0,
        MetadataJson = string.Empty,
    };

    /// <summary>True when every observer ran without throwing.</summary>
    private async Task<bool> NotifyObserversAsync(IngestSource source, IReadOnlyList<InstanceRecord> stored)
    {
        var all = true;
        foreach (var observer in _observers)
        {
            try
            {
                // Not the request's token: the instances are stored, so what follows from that must happen too.
                await observer.OnStoredAsync(source, stored, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                all = false;
                Logger.LogError(e, "{Observer} failed for {Count} stored instances; they are stored, and its follow-up (e.g. forwarding) is retried at the next start", observer.GetType().Name, stored.Count);
            }
        }

        return all;
    }

    /// <summary>Starts a multi-instance ingest (one STOW request, one association); dispose it to drop what was not completed.</summary>
    /// <exception cref="ArchiveAccessDeniedException">The source's principal may not store.</exception>
    public IngestBatch BeginBatch(IngestSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _authorizer.Demand(source.Principal, ArchiveAction.Write, source.ExpectedStudyInstanceUid is { } study ? $"instances of study {study}" : "instances");
        return new(this, source);
    }

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
