using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;

namespace DicomHub.Archive.Ingest;

/// <summary>
/// The bytes a Part 10 file starts with (preamble, "DICM", group 0002) for a data set received bare over
/// DIMSE, so the received bytes can follow unchanged: no re-encoding on the ingest path.
/// </summary>
internal static class FileMetaHeader
{
    public static byte[] Build(string sopClassUid, string sopInstanceUid, TransferSyntax transferSyntax, string? sourceAeTitle)
    {
        var identity = new DicomDataset();
        identity.AddOrUpdate(DicomTags.SOPClassUID, DicomVR.UI, sopClassUid);
        identity.AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, sopInstanceUid);
        var meta = DicomFileMetaInformation.Build(identity, transferSyntax);
        meta.Remove(DicomTags.FileMetaInformationGroupLength);
        if (!string.IsNullOrWhiteSpace(sourceAeTitle))
        {
            meta.AddOrUpdate(DicomTags.SourceApplicationEntityTitle, DicomVR.AE, sourceAeTitle.Trim());
        }

        var body = DicomDatasetWriter.Encode(meta, TransferSyntax.ExplicitVRLittleEndian);
        var header = new byte[128 + 4 + 12 + body.Length];
        "DICM"u8.CopyTo(header.AsSpan(128));
        var groupLength = header.AsSpan(132, 12);
        BinaryPrimitives.WriteUInt16LittleEndian(groupLength, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(groupLength[2..], 0x0000);
        "UL"u8.CopyTo(groupLength[4..]);
        BinaryPrimitives.WriteUInt16LittleEndian(groupLength[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength[8..], (uint)body.Length);
        body.CopyTo(header.AsSpan(144));
        return header;
    }
}
