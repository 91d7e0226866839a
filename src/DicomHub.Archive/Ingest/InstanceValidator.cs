using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;

namespace DicomHub.Archive.Ingest;

/// <summary>
/// The checks an instance passes before the archive keeps it; a failure names the attribute and the fix.
/// One identity rule for both protocols: the identity the sender declares must be the data set's, else A900 -
/// over DIMSE the C-STORE request's Affected SOP Class/Instance UID, over STOW-RS the part's file meta (Media
/// Storage SOP Instance UID). A STOW-RS application/dicom part must be PS3.10 (preamble, "DICM", file meta;
/// PS3.18 8.6.1.1): a bare data set is refused with C000; over DIMSE data sets are bare by definition and
/// the archive writes their meta.
/// </summary>
public static class InstanceValidator
{
    private static readonly (DicomTag Tag, string Name)[] RequiredUids =
    [
        (DicomTags.SOPClassUID, "SOP Class UID (0008,0016)"),
        (DicomTags.SOPInstanceUID, "SOP Instance UID (0008,0018)"),
        (DicomTags.StudyInstanceUID, "Study Instance UID (0020,000D)"),
        (DicomTags.SeriesInstanceUID, "Series Instance UID (0020,000E)"),
    ];

    /// <returns>null when the instance may be stored, else the failure to report.</returns>
    public static IngestResult? Validate(DicomFile file, IngestSource source, string? expectedSopClass, string? expectedSopInstance)
    {
        var dataset = file.Dataset;
        string? Get(DicomTag tag) => dataset.GetString(tag)?.Trim();
        IngestResult Fail(ushort status, string message) =>
            IngestResult.Failure(status, message, Get(DicomTags.SOPClassUID), Get(DicomTags.SOPInstanceUID), Get(DicomTags.StudyInstanceUID), Get(DicomTags.SeriesInstanceUID));

        foreach (var (tag, name) in RequiredUids)
        {
            var value = Get(tag);
            if (string.IsNullOrEmpty(value))
            {
                return Fail(StoreStatus.DatasetDoesNotMatchSopClass, $"The instance has no {name}; every stored instance needs one.");
            }

            if (!DicomUid.IsValid(value))
            {
                return Fail(StoreStatus.DatasetDoesNotMatchSopClass, $"{name} '{value}' is not a valid UID (digits and dots, at most 64 characters).");
            }
        }

        var sopClass = Get(DicomTags.SOPClassUID)!;
        var sopInstance = Get(DicomTags.SOPInstanceUID)!;
        if (DicomUidRegistry.Find(sopClass) is { } known && !known.IsStorageSopClass)
        {
            return Fail(StoreStatus.SopClassNotSupported, $"SOP Class {sopClass} ({known.Name}) is not a storage SOP class; the archive stores composite instances only.");
        }

        if (source.Protocol == IngestProtocol.StowRs && !file.HasFileMetaInformation)
        {
            return Fail(StoreStatus.CannotUnderstand, "Not a PS3.10 file: no preamble, \"DICM\" or file meta; STOW-RS parts must be Part 10 files (PS3.18 8.6.1.1).");
        }

        var metaInstance = file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID)?.Trim();
        if (!string.IsNullOrEmpty(metaInstance) && metaInstance != sopInstance)
        {
            return Fail(StoreStatus.DatasetDoesNotMatchSopClass, $"The file meta says SOP Instance {metaInstance} but the data set says {sopInstance}; fix the file meta information.");
        }

        if (expectedSopInstance is not null && expectedSopInstance != sopInstance)
        {
            return Fail(StoreStatus.DatasetDoesNotMatchSopClass, $"The C-STORE request names SOP Instance {expectedSopInstance} but the data set holds {sopInstance}.");
        }

        if (expectedSopClass is not null && expectedSopClass != sopClass)
        {
            return Fail(StoreStatus.DatasetDoesNotMatchSopClass, $"The C-STORE request names SOP Class {expectedSopClass} but the data set holds {sopClass}.");
        }

        var study = Get(DicomTags.StudyInstanceUID)!;
        if (source.ExpectedStudyInstanceUid is { } expectedStudy && expectedStudy != study)
        {
            return Fail(StoreStatus.DatasetDoesNotMatchSopClass, $"The instance belongs to study {study}, not to study {expectedStudy} named in the request URL; POST it to /studies or to its own study.");
        }

        return null;
    }
}
