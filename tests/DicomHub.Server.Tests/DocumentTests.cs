using System.Net;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

/// <summary>Encapsulated PDF instances in the archive: found by modality, served back as the PDF itself.</summary>
public sealed class DocumentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WadoRsGivesThePdfBytesForAnInstanceAndForItsBulkData()
    {
        await using var server = await ServerFixture.StartAsync();
        var pdf = DocumentSamples.Pdf();
        using var stow = await server.Client.PostAsync("studies", Multipart.Dicom(await TestFiles.InstanceAsync("2.1"), await DocumentSamples.EncapsulatedPdfAsync(pdf)), Ct);
        Assert.Equal(HttpStatusCode.OK, stow.StatusCode);

        using var instance = new HttpRequestMessage(HttpMethod.Get, "studies/1.2.3.1/series/1.2.3.1.9/instances/1.2.3.1.9.1") { Headers = { Accept = { Multipart.Accept("application/pdf") } } };
        using var raw = await server.Client.SendAsync(instance, Ct);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("application/pdf", raw.Content.Headers.ContentType!.MediaType);
        Assert.Equal(pdf, await raw.Content.ReadAsByteArrayAsync(Ct));

        using var bulk = new HttpRequestMessage(HttpMethod.Get, "studies/1.2.3.1/series/1.2.3.1.9/instances/1.2.3.1.9.1/bulkdata/00420011") { Headers = { Accept = { Multipart.Accept("application/pdf") } } };
        using var bulkResponse = await server.Client.SendAsync(bulk, Ct);
        Assert.Equal(pdf, await bulkResponse.Content.ReadAsByteArrayAsync(Ct));

        using var multipart = new HttpRequestMessage(HttpMethod.Get, "studies/1.2.3.1/series/1.2.3.1.9/instances/1.2.3.1.9.1") { Headers = { Accept = { Multipart.Accept("multipart/related; type=\"application/pdf\"") } } };
        using var multipartResponse = await server.Client.SendAsync(multipart, Ct);
        var part = Assert.Single(await Multipart.ReadAsync(multipartResponse, Ct));
        Assert.Equal("application/pdf", part.ContentType);
        Assert.Equal(pdf, part.Bytes);
    }

    [Fact]
    public async Task AskingAnImageForAPdfIs406WithTheReason()
    {
        await using var server = await ServerFixture.StartAsync();
        using var stow = await server.Client.PostAsync("studies", Multipart.Dicom(await TestFiles.InstanceAsync("2.1")), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "studies/1.2.3.1/series/1.2.3.1.1/instances/2.1") { Headers = { Accept = { Multipart.Accept("application/pdf") } } };
        using var response = await server.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("no Encapsulated Document", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QidoFindsTheDocumentByModalityAndModalitiesInStudy()
    {
        await using var server = await ServerFixture.StartAsync();
        using var stow = await server.Client.PostAsync("studies", Multipart.Dicom(await TestFiles.InstanceAsync("2.1"), await DocumentSamples.EncapsulatedPdfAsync(DocumentSamples.Pdf())), Ct);

        using var studies = JsonDocument.Parse(await server.Client.GetStringAsync("studies?ModalitiesInStudy=DOC", Ct));
        var study = Assert.Single(studies.RootElement.EnumerateArray());
        Assert.Equal(["CT", "DOC"], study.GetProperty("00080061").GetProperty("Value").EnumerateArray().Select(v => v.GetString()).Order());
        using var series = JsonDocument.Parse(await server.Client.GetStringAsync("series?Modality=DOC", Ct));
        Assert.Equal("1.2.3.1.9", Assert.Single(series.RootElement.EnumerateArray()).GetProperty("0020000E").GetProperty("Value")[0].GetString());
        using var none = JsonDocument.Parse(await server.Client.GetStringAsync("studies?ModalitiesInStudy=KO", Ct));
        Assert.Equal(0, none.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task TheStoredDocumentIsTheToolkitsInstanceByteForByte()
    {
        await using var server = await ServerFixture.StartAsync();
        var part10 = await DocumentSamples.EncapsulatedPdfAsync(DocumentSamples.Pdf());
        using var stow = await server.Client.PostAsync("studies", Multipart.Dicom(part10), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "studies/1.2.3.1/series/1.2.3.1.9/instances/1.2.3.1.9.1");
        using var response = await server.Client.SendAsync(request, Ct);
        var part = Assert.Single(await Multipart.ReadAsync(response, Ct));
        var stored = await DicomFile.ReadAsync(new MemoryStream(part.Bytes), cancellationToken: Ct);
        Assert.Equal("DOC", stored.Dataset.GetString(DicomHub.Dicom.Dictionary.DicomTags.Modality));
        Assert.Equal(part10, part.Bytes);
    }
}
