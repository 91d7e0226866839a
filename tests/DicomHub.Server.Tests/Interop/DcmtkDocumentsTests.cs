using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Interop;

/// <summary>
/// DCMTK judges the documents and manifests: findscu finds them by modality over C-FIND, dsrdump reads the manifest as
/// a Key Object Selection SR, dcm2pdf extracts our PDF, and a PDF wrapped by pdf2dcm is served back as the PDF.
/// </summary>
public sealed class DcmtkDocumentsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FindscuFindsDocumentsAndManifestsByModalityAndDcmtkReadsBoth()
    {
        var findscu = Peers.Require("findscu", "dcmtk");
        var dsrdump = Peers.Require("dsrdump", "dcmtk");
        var dcm2pdf = Peers.Require("dcm2pdf", "dcmtk");
        await using var archive = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Dimse:Enabled"] = "true", ["Dimse:Port"] = "0", ["Dimse:AeTitle"] = "DICOMHUB" });
        var pdf = DocumentSamples.Pdf();
        using var stow = await archive.Client.PostAsync("studies", Multipart.Dicom(await TestFiles.InstanceAsync("2.1"), await DocumentSamples.EncapsulatedPdfAsync(pdf)), Ct);
        Assert.Equal(HttpStatusCode.OK, stow.StatusCode);
        using var created = await archive.Client.PostAsync("studies/1.2.3.1/manifest", null, Ct);
        using var answer = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct));
        var kosSeries = answer.RootElement.GetProperty("0020000E").GetProperty("Value")[0].GetString()!;
        var kosSop = answer.RootElement.GetProperty("00080018").GetProperty("Value")[0].GetString()!;
        using var temp = new TempDirectory("dcmtk-documents");

        foreach (var modality in new[] { "KO", "DOC" })
        {
            var run = await Peers.RunAsync(findscu, ["-S", "-aet", "FINDSCU", "-aec", "DICOMHUB", "-X", "-od", temp.Path, "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "-k", $"ModalitiesInStudy={modality}", "127.0.0.1", archive.DimsePort!.Value.ToString(CultureInfo.InvariantCulture)], cancellationToken: Ct);
            Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
            var response = Assert.Single(Directory.GetFiles(temp.Path, "rsp*"));
            Assert.Equal("1.2.3.1", (await DicomFile.OpenAsync(response, cancellationToken: Ct)).Dataset.GetString(DicomTags.StudyInstanceUID));
            File.Delete(response);
        }

        var series = await Peers.RunAsync(findscu, ["-S", "-aet", "FINDSCU", "-aec", "DICOMHUB", "-X", "-od", temp.Path, "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=1.2.3.1", "-k", "SeriesInstanceUID", "-k", "Modality=KO", "127.0.0.1", archive.DimsePort!.Value.ToString(CultureInfo.InvariantCulture)], cancellationToken: Ct);
        Assert.True(series.ExitCode == 0, series.StandardError);
        Assert.Equal(kosSeries, (await DicomFile.OpenAsync(Assert.Single(Directory.GetFiles(temp.Path, "rsp*")), cancellationToken: Ct)).Dataset.GetString(DicomTags.SeriesInstanceUID));

        var kosPath = temp.Combine("kos.dcm");
        await File.WriteAllBytesAsync(kosPath, await InstanceAsync(archive, kosSeries, kosSop), Ct);
        var dump = await Peers.RunAsync(dsrdump, [kosPath], cancellationToken: Ct);
        // DCMTK reads the document as SR without an error ("W: Check for template constraints not yet supported" is its own limitation).
        Assert.True(dump.ExitCode == 0 && !dump.StandardError.Split('\n').Any(l => l.StartsWith("E:", StringComparison.Ordinal)), dump.StandardOutput + dump.StandardError);
        Assert.Contains("Key Object Selection Document", dump.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Of Interest", dump.StandardOutput, StringComparison.Ordinal);

        var pdfInstance = temp.Combine("doc.dcm");
        await File.WriteAllBytesAsync(pdfInstance, await InstanceAsync(archive, "1.2.3.1.9", "1.2.3.1.9.1"), Ct);
        var extract = await Peers.RunAsync(dcm2pdf, [pdfInstance, temp.Combine("out.pdf")], cancellationToken: Ct);
        Assert.True(extract.ExitCode == 0, extract.StandardError);
        var extracted = await File.ReadAllBytesAsync(temp.Combine("out.pdf"), Ct);
        Assert.Equal(pdf, extracted.AsSpan(0, pdf.Length).ToArray());
    }

    [Fact]
    public async Task APdfWrappedByPdf2dcmIsServedBackAsThePdf()
    {
        var pdf2dcm = Peers.Require("pdf2dcm", "dcmtk");
        await using var archive = await ServerFixture.StartAsync();
        using var temp = new TempDirectory("dcmtk-pdf2dcm");
        var pdf = DocumentSamples.Pdf();
        await File.WriteAllBytesAsync(temp.Combine("in.pdf"), pdf, Ct);
        var wrap = await Peers.RunAsync(pdf2dcm, ["--patient-name", "DOE^JANE", "--patient-id", "PIDX", "--title", "DCMTK report", temp.Combine("in.pdf"), temp.Combine("in.dcm")], cancellationToken: Ct);
        Assert.True(wrap.ExitCode == 0, wrap.StandardError);
        var dataset = (await DicomFile.OpenAsync(temp.Combine("in.dcm"), cancellationToken: Ct)).Dataset;

        using var stow = await archive.Client.PostAsync("studies", Multipart.Dicom(await File.ReadAllBytesAsync(temp.Combine("in.dcm"), Ct)), Ct);
        Assert.Equal(HttpStatusCode.OK, stow.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"studies/{dataset.GetString(DicomTags.StudyInstanceUID)}/series/{dataset.GetString(DicomTags.SeriesInstanceUID)}/instances/{dataset.GetString(DicomTags.SOPInstanceUID)}");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/pdf"));
        using var response = await archive.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(pdf, served.AsSpan(0, pdf.Length).ToArray());
        Assert.True(served.Length <= pdf.Length + 1);
    }

    private static async Task<byte[]> InstanceAsync(ServerFixture archive, string series, string sop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"studies/1.2.3.1/series/{series}/instances/{sop}");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("multipart/related; type=\"application/dicom\""));
        using var response = await archive.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(await Multipart.ReadAsync(response, Ct)).Bytes;
    }
}
