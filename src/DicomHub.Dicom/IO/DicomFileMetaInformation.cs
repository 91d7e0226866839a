using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.IO;

/// <summary>Builds the File Meta Information (group 0002, PS3.10 7.1) a written file carries.</summary>
public static class DicomFileMetaInformation
{
    private static readonly byte[] Version = [0x00, 0x01];

    /// <summary>
    /// The meta for <paramref name="dataset"/> in <paramref name="transferSyntax"/>: SOP Class/Instance UID
    /// from the data set (else from <paramref name="existing"/>), this implementation's UID and version,
    /// and the optional elements of <paramref name="existing"/> (source AE title, private information) kept.
    /// (0002,0000) is a placeholder the writer fills in.
    /// </summary>
    public static DicomDataset Build(DicomDataset dataset, TransferSyntax transferSyntax, DicomDataset? existing = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        var meta = new DicomDataset();
        foreach (var item in existing ?? [])
        {
            if (item.Tag.Group == 0x0002)
            {
                meta.AddOrUpdate(item);
            }
        }

        var sopClass = dataset.GetString(DicomTags.SOPClassUID) is { Length: > 0 } c ? c : meta.GetString(DicomTags.MediaStorageSOPClassUID);
        var sopInstance = dataset.GetString(DicomTags.SOPInstanceUID) is { Length: > 0 } i ? i : meta.GetString(DicomTags.MediaStorageSOPInstanceUID);
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            throw new InvalidOperationException("The data set has no SOP Class UID (0008,0016) or SOP Instance UID (0008,0018): a DICOM file's meta information needs both; add them to the data set before writing it as a file.");
        }

        meta.AddOrUpdate(new DicomElement(DicomTags.FileMetaInformationGroupLength, DicomVR.UL, new byte[4]));
        meta.AddOrUpdate(new DicomElement(DicomTags.FileMetaInformationVersion, DicomVR.OB, Version));
        meta.AddOrUpdate(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, sopClass);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstance);
        meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, transferSyntax.Uid);
        meta.AddOrUpdate(DicomTags.ImplementationClassUID, DicomVR.UI, DicomImplementation.ClassUid);
        meta.AddOrUpdate(DicomTags.ImplementationVersionName, DicomVR.SH, DicomImplementation.VersionName);
        return meta;
    }
}
