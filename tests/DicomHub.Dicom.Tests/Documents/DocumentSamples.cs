using System.Text;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Tests.Documents;

internal static class DocumentSamples
{
    /// <summary>A small but complete PDF (one empty page); odd length on purpose, so the padding shows.</summary>
    public static byte[] Pdf()
    {
        var text = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
        var bytes = Encoding.ASCII.GetBytes(text);
        return bytes.Length % 2 == 1 ? bytes : [.. bytes, (byte)'\n'];
    }

    /// <summary>What a QIDO-RS or C-FIND study match carries (plus a non-ASCII name under ISO_IR 192).</summary>
    public static DicomDataset Study()
    {
        var study = new DicomDataset();
        study.AddOrUpdate(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        study.AddOrUpdate(DicomTags.PatientName, DicomVR.PN, "MÜLLER^JÖRG");
        study.AddOrUpdate(DicomTags.PatientID, DicomVR.LO, "PID7");
        study.AddOrUpdate(DicomTags.PatientBirthDate, DicomVR.DA, "19600101");
        study.AddOrUpdate(DicomTags.PatientSex, DicomVR.CS, "M");
        study.AddOrUpdate(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.8.498.1");
        study.AddOrUpdate(DicomTags.StudyDate, DicomVR.DA, "20240301");
        study.AddOrUpdate(DicomTags.StudyTime, DicomVR.TM, "101500");
        study.AddOrUpdate(DicomTags.AccessionNumber, DicomVR.SH, "ACC7");
        study.AddOrUpdate(DicomTags.StudyID, DicomVR.SH, "S7");
        study.AddOrUpdate(DicomTags.ModalitiesInStudy, DicomVR.CS, "CT");
        return study;
    }
}
