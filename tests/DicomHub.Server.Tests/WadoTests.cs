using System.Net;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomHub.Server.Tests;

public sealed class WadoTests
{
    private const string Instance = "studies/1.2.3.1/series/1.2.3.1.1/instances/2.1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("studies/1.2.3.1")]
    [InlineData("studies/1.2.3.1/series/1.2.3.1.1")]
    [InlineData(Instance)]
    public async Task RetrievesTheStoredBytesAsStored(string path)
    {
        await using var server = await ServerFixture.StartAsync();
        var bytes = await TestFiles.InstanceAsync("2.1");
        await StoreAsync(server, bytes);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(Multipart.Accept("multipart/related; type=\"application/dicom\"; transfer-syntax=*"));
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var part = Assert.Single(await Multipart.ReadAsync(response, Ct));
        Assert.Equal("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", part.ContentType);
        Assert.Equal(bytes, part.Bytes);
    }

    [Fact]
    public async Task ImplicitLittleEndianGoesOutAsExplicitByDefaultWithTheSameDataSet()
    {
        await using var server = await ServerFixture.StartAsync();
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1"));
        await StoreAsync(server, await TestFiles.Part10Async(dataset, TransferSyntax.ImplicitVRLittleEndian));

        using var response = await server.Client.GetAsync(Instance, Ct);
        var part = Assert.Single(await Multipart.ReadAsync(response, Ct));

        Assert.Equal("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", part.ContentType);
        var file = await DicomFile.ReadAsync(new MemoryStream(part.Bytes), cancellationToken: Ct);
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal(
            DicomDatasetWriter.Encode(dataset, TransferSyntax.ExplicitVRLittleEndian),
            DicomDatasetWriter.Encode(file.Dataset, TransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public async Task UnproducibleTransferSyntaxIs406()
    {
        await using var server = await ServerFixture.StartAsync();
        await StoreAsync(server, await TestFiles.InstanceAsync("2.1"));
        using var request = new HttpRequestMessage(HttpMethod.Get, Instance);
        request.Headers.Accept.Add(Multipart.Accept("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50"));
        using var response = await server.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("transfer-syntax=*", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownStudyIs404NamingIt()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.GetAsync("studies/9.9.9", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("9.9.9", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataComesFromTheRegistryWithBulkDataUrisOnThisServer()
    {
        await using var server = await ServerFixture.StartAsync();
        await StoreAsync(server, await TestFiles.InstanceAsync("2.1"), await TestFiles.InstanceAsync("2.2"));

        using var response = await server.Client.GetAsync("studies/1.2.3.1/series/1.2.3.1.1/metadata", Ct);

        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, json.RootElement.GetArrayLength());
        var first = json.RootElement[0];
        Assert.Equal("DOE^JOHN", first.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        var bulk = first.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString()!;
        Assert.Equal(server.Url(Instance + "/bulkdata/7FE00010"), bulk);

        using var bulkResponse = await server.Client.GetAsync(bulk, Ct);
        var part = Assert.Single(await Multipart.ReadAsync(bulkResponse, Ct));
        Assert.Equal(32, part.Bytes.Length);
    }

    [Fact]
    public async Task FramesAreTheNativePixelBytes()
    {
        await using var server = await ServerFixture.StartAsync();
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1"));
        await StoreAsync(server, await TestFiles.Part10Async(dataset));

        using var response = await server.Client.GetAsync(Instance + "/frames/1", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var part = Assert.Single(await Multipart.ReadAsync(response, Ct));
        Assert.StartsWith("application/octet-stream", part.ContentType, StringComparison.Ordinal);
        Assert.Equal(((DicomElement)dataset[DicomTags.PixelData]!).Buffer.Memory.ToArray(), part.Bytes);

        using var missing = await server.Client.GetAsync(Instance + "/frames/2", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    public async Task RenderedImageDecodes(string mediaType)
    {
        await using var server = await ServerFixture.StartAsync();
        await StoreAsync(server, await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1"), rows: 16, columns: 16)));
        using var request = new HttpRequestMessage(HttpMethod.Get, Instance + "/rendered");
        request.Headers.Accept.Add(Multipart.Accept(mediaType));

        using var response = await server.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        using var image = Image.Load<L8>(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(16, image.Width);
        Assert.Equal(16, image.Height);

        // The synthetic pixels rise with the index: the first pixel is the darkest, the last the brightest.
        Assert.True(image[0, 0].PackedValue < image[15, 15].PackedValue);
    }

    [Fact]
    public async Task RenderedWindowClampsPixelsOutsideIt()
    {
        await using var server = await ServerFixture.StartAsync();
        await StoreAsync(server, await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1"), rows: 16, columns: 16)));
        using var request = new HttpRequestMessage(HttpMethod.Get, Instance + "/rendered?window=0,2");
        request.Headers.Accept.Add(Multipart.Accept("image/png"));

        using var response = await server.Client.SendAsync(request, Ct);
        using var image = Image.Load<L8>(await response.Content.ReadAsByteArrayAsync(Ct));

        Assert.Equal(255, image[15, 15].PackedValue);
    }

    [Fact]
    public async Task ThumbnailIsSmall()
    {
        await using var server = await ServerFixture.StartAsync();
        await StoreAsync(server, await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1"), rows: 256, columns: 256)));
        using var response = await server.Client.GetAsync(Instance + "/thumbnail", Ct);
        using var image = Image.Load(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.True(image.Width <= 128 && image.Height <= 128);
    }

    [Fact]
    public async Task DeleteRemovesRowsAndBlobs()
    {
        await using var server = await ServerFixture.StartAsync();
        await StoreAsync(server, await TestFiles.InstanceAsync("2.1"), await TestFiles.InstanceAsync("2.2"));

        using var deleteInstance = await server.Client.DeleteAsync("studies/1.2.3.1/series/1.2.3.1.1/instances/2.2", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleteInstance.StatusCode);
        Assert.Single(server.BlobFiles());
        using var studies = JsonDocument.Parse(await server.Client.GetStringAsync("studies", Ct));
        Assert.Equal(1, studies.RootElement[0].GetProperty("00201208").GetProperty("Value")[0].GetInt32());

        using var deleteStudy = await server.Client.DeleteAsync("studies/1.2.3.1", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleteStudy.StatusCode);
        Assert.Empty(server.BlobFiles());
        Assert.Equal("[]", await server.Client.GetStringAsync("studies", Ct));
        using var again = await server.Client.DeleteAsync("studies/1.2.3.1", Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    internal static async Task StoreAsync(ServerFixture server, params byte[][] instances)
    {
        using var response = await server.Client.PostAsync("studies", Multipart.Dicom(instances), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
