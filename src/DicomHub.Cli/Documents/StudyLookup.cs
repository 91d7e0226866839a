using DicomHub.Cli.Query;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Documents;
using DicomHub.DicomWeb.Client;
using DicomHub.Network;

namespace DicomHub.Cli.Documents;

/// <summary>
/// Fetches the patient and study attributes of one study from the archive a document is sent to, by the same
/// protocol as the send: QIDO-RS for http(s)://, C-FIND for dicom://. The new instance then files under
/// exactly the patient and study that archive already holds.
/// </summary>
public static class StudyLookup
{
    public static async Task<DicomDataset> FetchAsync(string destination, string studyInstanceUid, string callingAeTitle, CancellationToken cancellationToken, HttpCredentials? credentials = null)
    {
        if (!DicomUid.IsValid(studyInstanceUid))
        {
            throw new CliException($"--study '{studyInstanceUid}' is not a valid UID (digits and dots, at most 64 characters).", CliRunner.UsageError);
        }

        using IQuerySource source = DicomNodeUri.IsDicomUri(destination)
            ? new DimseQuerySource(Commands.NetworkCliOptions.ParseNode(destination), callingAeTitle)
            : QuerySources.Create(destination, credentials);
        var query = new QidoQuery
        {
            Level = QueryLevel.Study,
            StudyInstanceUid = studyInstanceUid,
            IncludeFields = [.. StudyAttributes.Tags.Select(t => DicomDictionary.Default.KeywordOf(t))],
        };
        var result = await source.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var match = result.Matches.FirstOrDefault(m => m.GetString(DicomTags.StudyInstanceUID)?.Trim() == studyInstanceUid);
        return match ?? throw new CliException(
            $"Study {studyInstanceUid} does not exist on {destination}: a document is added to a study the archive already holds. Check the UID with `dicomhub query --from {destination}`.",
            CliRunner.Failure);
    }
}
