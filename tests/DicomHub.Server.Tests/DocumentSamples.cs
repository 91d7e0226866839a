using System.Text;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Documents;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

/// <summary>PDF bytes and Encapsulated PDF instances of the test study 1.2.3.1.</summary>
internal static class DocumentSamples
{
    /// <summary>A one-page PDF of odd length, so that the stored value is padded and the served one must not be.</summary>
    public static byte[] Pdf()
    {
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
        return bytes.Length % 2 == 1 ? bytes : [.. bytes, (byte)'\n'];
    }

    public static Task<byte[]> EncapsulatedPdfAsync(byte[] pdf, string sop = "1.2.3.1.9.1", string series = "1.2.3.1.9") =>
        TestFiles.Part10Async(EncapsulatedPdf.Create(new MemoryByteBuffer(pdf), TestDatasets.Dataset("2.1"), "Report", new NewInstanceOptions { SopInstanceUid = sop, SeriesInstanceUid = series }));
}
