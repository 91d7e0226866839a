using System.Net;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomHub.Server.Tests;

/// <summary>/rendered and /thumbnail of multi-frame instances stored native, RLE Lossless and JPEG Lossless.</summary>
public sealed class RenderedCompressedTests
{
    private const string Instance = "studies/1.2.3.1/series/1.2.3.1.1/instances/2.1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> StoredSyntaxes =>
        [TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.RLELossless.Uid, TransferSyntax.JPEGLosslessSV1.Uid, TransferSyntax.JPEGLossless.Uid];

    [Theory]
    [MemberData(nameof(StoredSyntaxes))]
    public async Task FrameLevelRenderedPngIsThatFrameWindowed(string storedUid)
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await ImageInstances.EncodeAsync(ImageInstances.MultiFrame("2.1", frames: 3), TransferSyntax.FromUid(storedUid)));

        using var image = await GetPngAsync(server, Instance + "/frames/2/rendered?window=2075.5,151");

        Assert.Equal(ImageInstances.Columns, image.Width);
        Assert.Equal(ImageInstances.Rows, image.Height);
        for (var x = 0; x < ImageInstances.Columns; x++)
        {
            Assert.Equal(ImageInstances.Windowed(ImageInstances.PixelValue(2, x), 2075.5, 151), image[x, ImageInstances.Rows - 1].PackedValue);
        }

        // Frame 2 spans 2000..2150: the window puts its first column at black and its last at white.
        Assert.Equal(0, image[0, 0].PackedValue);
        Assert.Equal(255, image[ImageInstances.Columns - 1, 0].PackedValue);
    }

    [Theory]
    [MemberData(nameof(StoredSyntaxes))]
    public async Task InstanceRenderedIsTheFirstFrameAsJpegByDefault(string storedUid)
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await ImageInstances.EncodeAsync(ImageInstances.MultiFrame("2.1", frames: 3), TransferSyntax.FromUid(storedUid)));

        using var response = await server.Client.GetAsync(Instance + "/rendered?window=1075,151", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        using var image = Image.Load<L8>(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(ImageInstances.Columns, image.Width);

        // JPEG is lossy: the left edge is near black, the right edge near white.
        Assert.InRange(image[0, 4].PackedValue, 0, 40);
        Assert.InRange(image[ImageInstances.Columns - 1, 4].PackedValue, 215, 255);
    }

    [Fact]
    public async Task ViewportFitsTheImageKeepingItsAspect()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await ImageInstances.EncodeAsync(ImageInstances.MultiFrame("2.1", frames: 2), TransferSyntax.RLELossless));

        using var image = await GetPngAsync(server, Instance + "/frames/2/rendered?viewport=8,8");

        // 16x8 into 8x8 keeps the 2:1 aspect: 8x4.
        Assert.Equal(8, image.Width);
        Assert.Equal(4, image.Height);
    }

    [Fact]
    public async Task ThumbnailsOfInstanceFrameSeriesAndStudyOfACompressedInstance()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await ImageInstances.EncodeAsync(ImageInstances.MultiFrame("2.1", frames: 2), TransferSyntax.JPEGLosslessSV1));

        foreach (var path in new[] { Instance + "/thumbnail", Instance + "/frames/2/thumbnail", "studies/1.2.3.1/series/1.2.3.1.1/thumbnail", "studies/1.2.3.1/thumbnail" })
        {
            using var response = await server.Client.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            using var image = Image.Load(await response.Content.ReadAsByteArrayAsync(Ct));
            Assert.True(image.Width <= 128 && image.Height <= 128, path);
        }
    }

    [Fact]
    public async Task FrameBeyondTheLastIs404NamingTheCount()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await ImageInstances.EncodeAsync(ImageInstances.MultiFrame("2.1", frames: 3), TransferSyntax.RLELossless));

        using var response = await server.Client.GetAsync(Instance + "/frames/4/rendered", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("3 frame(s)", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyntaxWithoutDecoderIs406NamingIt()
    {
        await using var server = await ServerFixture.StartAsync();

        // Labelled JPEG Baseline (no decoder in the toolkit): stored as sent, but cannot be rendered.
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1"), rows: 8, columns: 8);
        dataset.AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, 8);
        dataset.AddOrUpdate(DicomTags.BitsStored, DicomVR.US, 8);
        dataset.AddOrUpdate(DicomTags.HighBit, DicomVR.US, 7);
        var fragments = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB);
        fragments.Fragments.Add(new Dicom.Data.Buffers.MemoryByteBuffer(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }));
        dataset.AddOrUpdate(fragments);
        await WadoTests.StoreAsync(server, await TestFiles.Part10Async(dataset, TransferSyntax.JPEGBaseline8Bit));

        using var response = await server.Client.GetAsync(Instance + "/rendered", Ct);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("JPEG Baseline", body, StringComparison.Ordinal);
        Assert.Contains("transfer-syntax=*", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptWithoutAnImageTypeIs406()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await TestFiles.InstanceAsync("2.1"));
        using var request = new HttpRequestMessage(HttpMethod.Get, Instance + "/rendered");
        request.Headers.Accept.Add(Multipart.Accept("image/gif"));

        using var response = await server.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("image/gif", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<Image<L8>> GetPngAsync(ServerFixture server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(Multipart.Accept("image/png"));
        using var response = await server.Client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        return Image.Load<L8>(await response.Content.ReadAsByteArrayAsync(Ct));
    }
}
