using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Testing;

/// <summary>
/// Small synthetic data sets with the attributes the archive registry indexes (shared by the archive and server
/// tests). Not named TestInstances: DicomHub.DicomWeb.Tests has a class of that name, and files importing both
/// namespaces would not compile.
/// </summary>
public static class TestDatasets
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public static DicomDataset Dataset(
        string sop,
        string study = "1.2.3.1",
        string series = "1.2.3.1.1",
        string patientName = "DOE^JOHN",
        string patientId = "PID1",
        string modality = "CT",
        string studyDate = "20200115",
        string studyTime = "113000",
        string accession = "ACC1",
        string instanceNumber = "1",
        string? referringPhysician = null)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.SOPClassUID, DicomVR.UI, CtImageStorage);
        ds.AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, sop);
        ds.AddOrUpdate(DicomTags.StudyDate, DicomVR.DA, studyDate);
        ds.AddOrUpdate(DicomTags.StudyTime, DicomVR.TM, studyTime);
        ds.AddOrUpdate(DicomTags.AccessionNumber, DicomVR.SH, accession);
        ds.AddOrUpdate(DicomTags.Modality, DicomVR.CS, modality);
        ds.AddOrUpdate(DicomTags.ReferringPhysicianName, DicomVR.PN, referringPhysician ?? string.Empty);
        ds.AddOrUpdate(DicomTags.PatientName, DicomVR.PN, patientName);
        ds.AddOrUpdate(DicomTags.PatientID, DicomVR.LO, patientId);
        ds.AddOrUpdate(DicomTags.StudyInstanceUID, DicomVR.UI, study);
        ds.AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, series);
        ds.AddOrUpdate(DicomTags.StudyID, DicomVR.SH, "S1");
        ds.AddOrUpdate(DicomTags.SeriesNumber, DicomVR.IS, "1");
        ds.AddOrUpdate(DicomTags.InstanceNumber, DicomVR.IS, instanceNumber);
        ds.AddOrUpdate(DicomTags.Rows, DicomVR.US, 4);
        ds.AddOrUpdate(DicomTags.Columns, DicomVR.US, 4);
        return ds;
    }
}
