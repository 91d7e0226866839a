using System.Net;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomHub.Server.Tests;

/// <summary>WADO-URI (PS3.18 section 9) against a running server.</summary>
public sealed class WadoUriTests
{
    private const string Uids = "studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DicomAsStoredIsTheUploadedFileByteForByte()
    {
        await using var server = await ServerFixture.StartAsync();
        var uploaded = await TestFiles.InstanceAsync("2.1");
        await WadoTests.StoreAsync(server, uploaded);

        using var response = await server.Client.GetAsync($"wado?requestType=WADO&{Uids}&contentType=application/dicom&transferSyntax=1.2.840.10008.1.2.1", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(uploaded, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task CompressedInstanceComesOutExplicitLittleEndianByDefault()
    {
        await using var server = await ServerFixture.StartAsync();
        var original = ImageInstances.MultiFrame("2.1", frames: 2);
        await WadoTests.StoreAsync(server, await ImageInstances.EncodeAsync(original, TransferSyntax.RLELossless));

        using var response = await server.Client.GetAsync($"wado?requestType=WADO&{Uids}&contentType=application/dicom", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = await DicomFile.ReadAsync(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)), cancellationToken: Ct);
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal(((DicomElement)original[DicomTags.PixelData]!).Buffer.Memory.ToArray(), ((DicomElement)file.Dataset[DicomTags.PixelData]!).Buffer.Memory.ToArray());
    }

    [Fact]
    public async Task RequestedCompressedSyntaxIsEncodedAndAnUnavailableOneIs406()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await TestFiles.InstanceAsync("2.1"));

        using var rle = await server.Client.GetAsync($"wado?requestType=WADO&{Uids}&contentType=application/dicom&transferSyntax={TransferSyntax.RLELossless.Uid}", Ct);
        Assert.Equal(HttpStatusCode.OK, rle.StatusCode);
        var file = await DicomFile.ReadAsync(new MemoryStream(await rle.Content.ReadAsByteArrayAsync(Ct)), cancellationToken: Ct);
        Assert.Equal(TransferSyntax.RLELossless, file.TransferSyntax);

        using var jpeg2000 = await server.Client.GetAsync($"wado?requestType=WADO&{Uids}&contentType=application/dicom&transferSyntax={TransferSyntax.JPEGExtended35.Uid}", Ct);
        Assert.Equal(HttpStatusCode.NotAcceptable, jpeg2000.StatusCode);
        Assert.Contains("Process 3 & 5", await jpeg2000.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoContentTypeRendersAJpeg()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await TestFiles.InstanceAsync("2.1"));

        using var response = await server.Client.GetAsync($"wado?requestType=WADO&{Uids}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        using var image = Image.Load(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(4, image.Width);
    }

    [Fact]
    public async Task NoContentTypeSendsAnObjectWithoutPixelsAsDicom()
    {
        await using var server = await ServerFixture.StartAsync();
        var uploaded = await TestFiles.Part10Async(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1"));
        await WadoTests.StoreAsync(server, uploaded);

        using var response = await server.Client.GetAsync($"wado?requestType=WADO&{Uids}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(uploaded, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.5")]
    [InlineData("1.2.840.10008.1.2.4.70")]
    public async Task PngOfAFrameOfACompressedInstanceWithWindowAndSize(string storedUid)
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await ImageInstances.EncodeAsync(ImageInstances.MultiFrame("2.1", frames: 3), TransferSyntax.FromUid(storedUid)));

        using var full = await server.Client.GetAsync($"wado?requestType=WADO&{Uids}&contentType=image/png&frameNumber=3&windowCenter=3075.5&windowWidth=151", Ct);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("image/png", full.Content.Headers.ContentType!.MediaType);
        using (var image = Image.Load<L8>(await full.Content.ReadAsByteArrayAsync(Ct)))
        {
            for (var x = 0; x < ImageInstances.Columns; x++)
            {
                Assert.Equal(ImageInstances.Windowed(ImageInstances.PixelValue(3, x), 3075.5, 151), image[x, 0].PackedValue);
            }
        }

        using var small = await server.Client.GetAsync($"wado?requestType=WADO&{Uids}&contentType=image/png&columns=8", Ct);
        using var smallImage = Image.Load<L8>(await small.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(8, smallImage.Width);
        Assert.Equal(4, smallImage.Height);
    }

    [Fact]
    public async Task ContentTypeListTakesTheFirstSupported()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await TestFiles.InstanceAsync("2.1"));

        using var response = await server.Client.GetAsync($"wado?requestType=WADO&{Uids}&contentType=image/gif,image/png", Ct);

        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.1", "requestType")]
    [InlineData("requestType=RETRIEVE&studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.1", "requestType=RETRIEVE")]
    [InlineData("requestType=WADO&studyUID=1.2.3.1&seriesUID=1.2.3.1.1", "objectUID")]
    [InlineData("requestType=WADO&objectUID=2.1", "studyUID, seriesUID")]
    [InlineData("requestType=WADO&studyUID=1.2.x&seriesUID=1.2.3.1.1&objectUID=2.1", "studyUID=1.2.x")]
    [InlineData("requestType=WADO&studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.1&windowCenter=40", "windowWidth")]
    [InlineData("requestType=WADO&studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.1&windowCenter=40&windowWidth=0", "windowWidth=0")]
    [InlineData("requestType=WADO&studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.1&contentType=image/png&transferSyntax=1.2.840.10008.1.2.1", "transferSyntax")]
    [InlineData("requestType=WADO&studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.1&contentType=application/dicom&rows=64", "rows")]
    [InlineData("requestType=WADO&studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.1&frameNumber=0", "frameNumber=0")]
    [InlineData("requestType=WADO&studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.1&imageQuality=101", "imageQuality=101")]
    [InlineData("requestType=WADO&studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.1&anonymize=yes", "anonymize")]
    public async Task BadParametersAre400NamingTheParameter(string query, string named)
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await TestFiles.InstanceAsync("2.1"));

        using var response = await server.Client.GetAsync("wado?" + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=9.9")]
    [InlineData("studyUID=1.2.3.1&seriesUID=7.7&objectUID=2.1")]
    [InlineData("studyUID=7.7&seriesUID=1.2.3.1.1&objectUID=2.1")]
    public async Task UnknownObjectOrWrongParentIs404(string uids)
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await TestFiles.InstanceAsync("2.1"));

        using var response = await server.Client.GetAsync($"wado?requestType=WADO&{uids}&contentType=application/dicom", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not in the archive", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedContentTypeIs406()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await TestFiles.InstanceAsync("2.1"));

        using var response = await server.Client.GetAsync($"wado?requestType=WADO&{Uids}&contentType=text/html", Ct);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("text/html", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
