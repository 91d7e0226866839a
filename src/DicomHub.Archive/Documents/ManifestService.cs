using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Retrieve;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Documents;
using DicomHub.Dicom.IO;

namespace DicomHub.Archive.Documents;

/// <summary>What a manifest lists: the whole study by default, or the given series and instances of it.</summary>
public sealed record ManifestRequest(string StudyInstanceUid)
{
    public IReadOnlyList<string> SeriesInstanceUids { get; init; } = [];

    public IReadOnlyList<string> SopInstanceUids { get; init; } = [];

    public CodedConcept Title { get; init; } = CodedConcept.OfInterest;

    public string? Description { get; init; }
}

/// <summary>Why a manifest was not made; <see cref="StudyMissing"/> and <see cref="ReferenceMissing"/> are the caller's to fix.</summary>
public sealed class ManifestException(ManifestProblem problem, string message) : Exception(message)
{
    public ManifestProblem Problem { get; } = problem;
}

public enum ManifestProblem
{
    StudyMissing,
    ReferenceMissing,
    InvalidRequest,
    NotStored,
}

/// <summary>The stored manifest and how many instances it lists.</summary>
public sealed record ManifestResult(IngestResult Stored, int ReferencedInstances);

/// <summary>
/// Makes Key Object Selection manifests of stored studies (the paper's registry links images and reports through
/// one): the chosen instances are looked up in the registry, the patient and study attributes copied from a
/// stored instance, and the manifest stored through the <see cref="IngestPipeline"/> like any received instance.
/// </summary>
public sealed class ManifestService(RetrieveService retrieve, IngestPipeline pipeline)
{
    public async Task<ManifestResult> CreateAsync(ManifestRequest request, IngestSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var uid in request.SeriesInstanceUids.Concat(request.SopInstanceUids).Prepend(request.StudyInstanceUid))
        {
            if (!DicomUid.IsValid(uid))
            {
                throw new ManifestException(ManifestProblem.InvalidRequest, $"'{uid}' is not a valid UID (digits and dots, at most 64 characters).");
            }
        }

        var stored = await retrieve.ResolveAsync(source.Principal, new InstanceScope(request.StudyInstanceUid), cancellationToken).ConfigureAwait(false);
        if (stored.Count == 0)
        {
            throw new ManifestException(ManifestProblem.StudyMissing, $"Study {request.StudyInstanceUid} is not in the archive: a manifest lists instances of a stored study.");
        }

        var chosen = Choose(stored, request);
        var references = chosen.Select(i => new InstanceReference(i.StudyInstanceUid, i.SeriesInstanceUid, i.SopClassUid, i.SopInstanceUid)).ToList();
        var study = (await retrieve.OpenAsync(stored[0], cancellationToken).ConfigureAwait(false)).Dataset;
        var manifest = KeyObjectSelection.Create(study, references, request.Title, new NewInstanceOptions { SeriesDescription = "Key Object Selection", SeriesNumber = 9002 }, request.Description);

        await using var batch = pipeline.BeginBatch(source with { ExpectedStudyInstanceUid = request.StudyInstanceUid });
        await batch.AddAsync(DicomFile.Create(manifest, TransferSyntax.ExplicitVRLittleEndian), cancellationToken).ConfigureAwait(false);
        var result = (await batch.CompleteAsync(cancellationToken).ConfigureAwait(false))[0];
        if (!result.IsStored)
        {
            throw new ManifestException(ManifestProblem.NotStored, $"The manifest could not be stored: {result.Message}");
        }

        return new ManifestResult(result, references.Count);
    }

    private static List<StoredInstance> Choose(IReadOnlyList<StoredInstance> stored, ManifestRequest request)
    {
        if (request.SeriesInstanceUids.Count == 0 && request.SopInstanceUids.Count == 0)
        {
            return [.. stored];
        }

        var knownSeries = stored.Select(i => i.SeriesInstanceUid).ToHashSet(StringComparer.Ordinal);
        var knownInstances = stored.Select(i => i.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
        var missingSeries = request.SeriesInstanceUids.Where(s => !knownSeries.Contains(s)).ToList();
        var missingInstances = request.SopInstanceUids.Where(s => !knownInstances.Contains(s)).ToList();
        if (missingSeries.Count > 0 || missingInstances.Count > 0)
        {
            throw new ManifestException(ManifestProblem.ReferenceMissing,
                $"Study {request.StudyInstanceUid} has no {(missingSeries.Count > 0 ? "series " + string.Join(", ", missingSeries) : "instance " + string.Join(", ", missingInstances))}; a manifest lists only instances the archive holds in that study.");
        }

        var series = request.SeriesInstanceUids.ToHashSet(StringComparer.Ordinal);
        var instances = request.SopInstanceUids.ToHashSet(StringComparer.Ordinal);
        return [.. stored.Where(i => series.Contains(i.SeriesInstanceUid) || instances.Contains(i.SopInstanceUid))];
    }
}
