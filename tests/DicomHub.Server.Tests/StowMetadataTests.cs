using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Documents;
using DicomHub.Dicom.IO;
using DicomHub.Dicom.Json;
using DicomHub.Dicom.Xml;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

/// <summary>STOW-RS with type="application/dicom+json" (and +xml): metadata plus bulk data parts named by Content-Location.</summary>
public sealed class StowMetadataTests
{
    private const string PdfLocation = "http://client.example/bulk/report-1";
    private const string PixelLocation = "bulk/pixels-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task JsonMetadataWithAPdfPartIsStoredAndServedBackAsThePdf()
    {
        var dciodvfy = Peers.Require("dciodvfy", "dicom3tools");
        await using var server = await ServerFixture.StartAsync();
        var pdf = DocumentSamples.Pdf();
        var json = Json(PdfDocument(pdf), PdfLocation);

        using var response = await server.Client.PostAsync("studies", Content("application/dicom+json", [("application/dicom+json", null, Encoding.UTF8.GetBytes(json)), ("application/pdf", PdfLocation, pdf)]), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));

        using var raw = new HttpRequestMessage(HttpMethod.Get, "studies/1.2.3.1/series/1.2.3.1.9/instances/1.2.3.1.9.1") { Headers = { Accept = { Multipart.Accept("application/pdf") } } };
        using var served = await server.Client.SendAsync(raw, Ct);
        Assert.Equal(pdf, await served.Content.ReadAsByteArrayAsync(Ct));

        var stored = await RetrieveAsync(server, "1.2.3.1.9", "1.2.3.1.9.1");
        Assert.Equal("application/pdf", stored.Dataset.GetString(DicomTags.MIMETypeOfEncapsulatedDocument));
        using var temp = new TempDirectory();
        await DicomFile.Create(stored.Dataset, stored.TransferSyntax).SaveAsync(temp.Combine("doc.dcm"), Ct);
        var verify = await Peers.RunAsync(dciodvfy, [temp.Combine("doc.dcm")], cancellationToken: Ct);
        Assert.DoesNotContain((verify.StandardOutput + verify.StandardError).Split('\n'), line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonMetadataWithNativePixelDataGivesTheSameInstanceAsApplicationDicom()
    {
        await using var server = await ServerFixture.StartAsync();
        var image = TestFiles.WithPixels(TestDatasets.Dataset("2.1"));
        var pixels = image.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray();
        var json = Json(image, PixelLocation);

        using var response = await server.Client.PostAsync("studies/1.2.3.1", Content("application/dicom+json", [("application/dicom+json", null, Encoding.UTF8.GetBytes(json)), ("application/octet-stream", PixelLocation, pixels)]), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var stored = await RetrieveAsync(server, "1.2.3.1.1", "2.1");
        Assert.Equal(pixels, stored.Dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray());
        Assert.Equal(DicomVR.OW, stored.Dataset[DicomTags.PixelData]!.VR);
        Assert.Equal("DOE^JOHN", stored.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal("2.1", stored.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID));
        Assert.Empty(server.StagedFiles());
    }

    [Fact]
    public async Task CompressedPixelDataPartSetsTheTransferSyntaxAndDecodesToTheOriginalPixels()
    {
        await using var server = await ServerFixture.StartAsync();
        var rle = await DicomHub.Testing.TestCodecs.Transcoder.TranscodeAsync(TestFiles.WithPixels(TestDatasets.Dataset("2.1")), TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.RLELossless, cancellationToken: Ct);
        var frame = rle.Get<DicomFragmentSequence>(DicomTags.PixelData)!.Fragments.Single().Memory.ToArray();
        var metadata = rle.Clone();
        metadata.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OB, new BulkDataReference(PixelLocation)));
        var json = DicomJsonWriter.SerializeArray([metadata]);

        using var response = await server.Client.PostAsync("studies", Content("application/dicom+json", [("application/dicom+json", null, Encoding.UTF8.GetBytes(json)), ("image/dicom-rle; transfer-syntax=1.2.840.10008.1.2.5", PixelLocation, frame)]), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));

        var stored = await RetrieveAsync(server, "1.2.3.1.1", "2.1");
        Assert.Equal(TransferSyntax.RLELossless, stored.TransferSyntax);
        using var frames = new HttpRequestMessage(HttpMethod.Get, "studies/1.2.3.1/series/1.2.3.1.1/instances/2.1/frames/1") { Headers = { Accept = { Multipart.Accept("multipart/related; type=\"application/octet-stream\"") } } };
        using var decoded = await server.Client.SendAsync(frames, Ct);
        var part = Assert.Single(await Multipart.ReadAsync(decoded, Ct));
        Assert.Equal(TestFiles.WithPixels(TestDatasets.Dataset("2.1")).Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray(), part.Bytes);
    }

    [Fact]
    public async Task XmlMetadataWithABulkPartIsStored()
    {
        await using var server = await ServerFixture.StartAsync();
        var pdf = DocumentSamples.Pdf();
        using var xml = new MemoryStream();
        await new DicomXmlWriter(new DicomXmlWriterOptions { BulkDataUri = b => b.Item.Tag == DicomTags.EncapsulatedDocument ? PdfLocation : null }).WriteAsync(xml, PdfDocument(pdf), Ct);

        using var response = await server.Client.PostAsync("studies", Content("application/dicom+xml", [("application/dicom+xml", null, xml.ToArray()), ("application/pdf", PdfLocation, pdf)]), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Single(server.BlobFiles());
    }

    [Fact]
    public async Task AMissingBulkPartFailsThatInstanceWithTheReasonAndTheOthersAreStored()
    {
        await using var server = await ServerFixture.StartAsync();
        var image = TestFiles.WithPixels(TestDatasets.Dataset("2.1"));
        var pixels = image.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray();
        var orphan = TestFiles.WithPixels(TestDatasets.Dataset("2.2"));
        var json = DicomJsonWriter.SerializeArray([image, orphan], new DicomJsonWriterOptions
        {
            BulkDataUri = b => b.Item.Tag == DicomTags.PixelData ? (ReferenceEquals(b.Item, image[DicomTags.PixelData]) ? PixelLocation : "bulk/never-sent") : null,
        });

        using var response = await server.Client.PostAsync("studies", Content("application/dicom+json", [("application/dicom+json", null, Encoding.UTF8.GetBytes(json)), ("application/octet-stream", PixelLocation, pixels)]), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var failed = Assert.Single(answer.RootElement.GetProperty("00081198").GetProperty("Value").EnumerateArray());
        Assert.Equal("2.2", failed.GetProperty("00081155").GetProperty("Value")[0].GetString());
        Assert.Equal(0xC000, failed.GetProperty("00081197").GetProperty("Value")[0].GetInt32());
        Assert.Contains("bulk/never-sent", string.Join(' ', response.Headers.GetValues("Warning")), StringComparison.Ordinal);
        Assert.Single(server.BlobFiles());
        Assert.Empty(server.StagedFiles());
    }

    [Fact]
    public async Task MetadataWithoutSopUidsFailsWithA900()
    {
        await using var server = await ServerFixture.StartAsync();
        var dataset = TestDatasets.Dataset("2.1");
        dataset.Remove(DicomTags.SOPInstanceUID);

        using var response = await server.Client.PostAsync("studies", Content("application/dicom+json", [("application/dicom+json", null, Encoding.UTF8.GetBytes(DicomJsonWriter.SerializeArray([dataset])))]), Ct);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0xA900, answer.RootElement.GetProperty("00081198").GetProperty("Value")[0].GetProperty("00081197").GetProperty("Value")[0].GetInt32());
        Assert.Contains("SOP Instance UID", string.Join(' ', response.Headers.GetValues("Warning")), StringComparison.Ordinal);
        Assert.Empty(server.BlobFiles());
    }

    [Theory]
    [InlineData("[{\"00080018\": {\"vr\": \"UI\", \"Value\": [\"1.2\"]", "not valid DICOM JSON")]
    [InlineData("{\"00080018\": {\"vr\": \"XX\"}}", "not valid DICOM JSON")]
    [InlineData("42", "not valid DICOM JSON")]
    public async Task MalformedMetadataIs400WithTheReason(string json, string reason)
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.PostAsync("studies", Content("application/dicom+json", [("application/dicom+json", null, Encoding.UTF8.GetBytes(json))]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(server.BlobFiles());
    }

    [Fact]
    public async Task OnlyBulkDataAndNoMetadataIs400()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.PostAsync("studies", Content("application/dicom+json", [("application/pdf", PdfLocation, DocumentSamples.Pdf())]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no application/dicom+json part", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(server.StagedFiles());
    }

    [Fact]
    public async Task AnotherTypeIs415NamingTheAcceptedOnes()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.PostAsync("studies", Content("application/pdf", [("application/pdf", PdfLocation, DocumentSamples.Pdf())]), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/dicom+json", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static DicomDataset PdfDocument(byte[] pdf) =>
        EncapsulatedPdf.Create(new MemoryByteBuffer(pdf), TestDatasets.Dataset("2.1"), "Report", new NewInstanceOptions { SopInstanceUid = "1.2.3.1.9.1", SeriesInstanceUid = "1.2.3.1.9" });

    /// <summary>DICOM JSON of one instance whose Pixel Data or Encapsulated Document is given by <paramref name="location"/>.</summary>
    private static string Json(DicomDataset dataset, string location) =>
        DicomJsonWriter.SerializeArray([dataset], new DicomJsonWriterOptions
        {
            BulkDataUri = b => b.Item.Tag == DicomTags.PixelData || b.Item.Tag == DicomTags.EncapsulatedDocument ? location : null,
        });

    private static ByteArrayContent Content(string type, IEnumerable<(string ContentType, string? Location, byte[] Bytes)> parts)
    {
        using var body = new MemoryStream();
        foreach (var (contentType, location, bytes) in parts)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{Multipart.Boundary}\r\nContent-Type: {contentType}\r\n{(location is null ? string.Empty : $"Content-Location: {location}\r\n")}\r\n"));
            body.Write(bytes);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{Multipart.Boundary}--\r\n"));
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/related; type=\"{type}\"; boundary=\"{Multipart.Boundary}\"");
        return content;
    }

    private static async Task<DicomFile> RetrieveAsync(ServerFixture server, string series, string sop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"studies/1.2.3.1/series/{series}/instances/{sop}");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("multipart/related; type=\"application/dicom\""));
        using var response = await server.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var part = Assert.Single(await Multipart.ReadAsync(response, Ct));
        return await DicomFile.ReadAsync(new MemoryStream(part.Bytes), cancellationToken: Ct);
    }
}
