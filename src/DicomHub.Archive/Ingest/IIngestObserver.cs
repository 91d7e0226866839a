using DicomHub.Archive.Registry;

namespace DicomHub.Archive.Ingest;

/// <summary>
/// Told about instances once they are durable (blob and registry row committed), on the ingest path of
/// both protocols. It runs before the sender hears "stored", so it must be quick and must not wait on
/// anything remote (forwarding only enqueues); an exception is logged and does not undo the store. The
/// registry records each such follow-up as owed in the commit itself, so after a crash (or an exception here)
/// the next start calls this again with the instances whose follow-up did not complete: at least once, and
/// those replayed records carry the instance's identity, SOP class and modality only.
/// </summary>
public interface IIngestObserver
{
    /// <param name="stored">The instances just committed (new or replacing an earlier copy), with their blob keys.</param>
    Task OnStoredAsync(IngestSource source, IReadOnlyList<InstanceRecord> stored, CancellationToken cancellationToken);
}
