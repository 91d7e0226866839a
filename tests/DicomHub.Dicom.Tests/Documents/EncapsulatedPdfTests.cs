using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Documents;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Documents;

public sealed class EncapsulatedPdfTests
{
    [Fact]
    public async Task WrappedPdfPassesDciodvfyWithoutErrors()
    {
        var dataset = EncapsulatedPdf.Create(new MemoryByteBuffer(DocumentSamples.Pdf()), DocumentSamples.Study(), "Radiology report");
        var report = await DocumentVerification.DciodvfyErrorsAsync(dataset);
        Assert.False(report.StartsWith("Error", StringComparison.Ordinal) || report.StartsWith("Warning", StringComparison.Ordinal), report);
    }

    [Fact]
    public async Task CopiesPatientAndStudyMakesANewDocSeriesAndRoundTripsThePdf()
    {
        var pdf = DocumentSamples.Pdf();
        var study = DocumentSamples.Study();
        var dataset = EncapsulatedPdf.Create(new MemoryByteBuffer(pdf), study, "Radiology report", new NewInstanceOptions { Now = new DateTimeOffset(2025, 2, 3, 4, 5, 6, TimeSpan.Zero) });

        Assert.Equal(DicomUids.EncapsulatedPDFStorage, dataset.GetString(DicomTags.SOPClassUID));
        Assert.Equal("DOC", dataset.GetString(DicomTags.Modality));
        Assert.Equal("MÜLLER^JÖRG", dataset.GetString(DicomTags.PatientName));
        Assert.Equal(study.GetString(DicomTags.StudyInstanceUID), dataset.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal("ACC7", dataset.GetString(DicomTags.AccessionNumber));
        Assert.True(DicomUid.IsValid(dataset.GetString(DicomTags.SeriesInstanceUID)));
        Assert.Equal("application/pdf", dataset.GetString(DicomTags.MIMETypeOfEncapsulatedDocument));
        Assert.Equal("Radiology report", dataset.GetString(DicomTags.DocumentTitle));
        Assert.Equal("20250203", dataset.GetString(DicomTags.ContentDate));
        Assert.False(dataset.Contains(DicomTags.ModalitiesInStudy));

        using var buffer = new MemoryStream();
        await DicomFile.Create(dataset, TransferSyntax.ExplicitVRLittleEndian).WriteAsync(buffer, TestContext.Current.CancellationToken);
        buffer.Position = 0;
        var read = await DicomFile.ReadAsync(buffer, cancellationToken: TestContext.Current.CancellationToken);
        var stored = read.Dataset.Get<DicomElement>(DicomTags.EncapsulatedDocument)!.Buffer.Memory;
        Assert.Equal(pdf.Length + 1, stored.Length);
        Assert.Equal(pdf.Length, EncapsulatedPdf.DocumentLength(read.Dataset));
        Assert.Equal(pdf, stored[..pdf.Length].ToArray());
    }

    [Fact]
    public async Task AFileThatIsNotAPdfIsRefusedWithTheReason()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("report.pdf");
        await File.WriteAllTextAsync(path, "<html>not a pdf</html>", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DicomDocumentException>(() => EncapsulatedPdf.FromFileAsync(path, DocumentSamples.Study(), "Report", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("%PDF-", error.Message, StringComparison.Ordinal);
        Assert.Throws<DicomDocumentException>(() => EncapsulatedPdf.Create(new MemoryByteBuffer(Array.Empty<byte>()), DocumentSamples.Study(), "Report"));
    }

    [Fact]
    public void AStudyWithoutItsUidIsRefused()
    {
        var study = DocumentSamples.Study();
        study.Remove(DicomTags.StudyInstanceUID);
        Assert.Throws<DicomDocumentException>(() => EncapsulatedPdf.Create(new MemoryByteBuffer(DocumentSamples.Pdf()), study, "Report"));
    }
}
