using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Archive.Tests.Support;

/// <summary>Registry records of test data sets, indexed the way ingest indexes them (needs the archive, so not in DicomHub.Testing).</summary>
internal static class TestRecords
{
    public static InstanceRecord Record(DicomDataset dataset, string? blobKey = null) =>
        InstanceIndexer.Index(dataset, TransferSyntax.ExplicitVRLittleEndian, blobKey ?? $"test/{dataset.GetString(DicomTags.SOPInstanceUID)}.dcm", 100);
}
