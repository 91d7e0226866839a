using System.Net;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

/// <summary>WADO-RS of compressed instances: decoded through the toolkit transcoder when native pixels are asked for.</summary>
public sealed class WadoTranscodeTests
{
    private const string Instance = "studies/1.2.3.1/series/1.2.3.1.1/instances/2.1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> LosslessSyntaxes => [TransferSyntax.JPEGLosslessSV1.Uid, TransferSyntax.RLELossless.Uid];

    [Theory]
    [MemberData(nameof(LosslessSyntaxes))]
    public async Task CompressedInstanceIsDecodedToExplicitLittleEndianWithTheOriginalPixels(string storedUid)
    {
        await using var server = await ServerFixture.StartAsync();
        var (original, compressed) = await CompressedAsync(TransferSyntax.FromUid(storedUid));
        await WadoTests.StoreAsync(server, compressed);

        using var request = new HttpRequestMessage(HttpMethod.Get, Instance);
        request.Headers.Accept.Add(Multipart.Accept("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1"));
        using var response = await server.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var part = Assert.Single(await Multipart.ReadAsync(response, Ct));
        Assert.Equal("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", part.ContentType);
        var file = await DicomFile.ReadAsync(new MemoryStream(part.Bytes), cancellationToken: Ct);
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        var pixels = Assert.IsType<DicomElement>(file.Dataset[DicomTags.PixelData]);
        Assert.Equal(PixelBytes(original), pixels.Buffer.Memory.ToArray());
    }

    [Fact]
    public async Task SyntaxWithoutCodecIsStill406()
    {
        await using var server = await ServerFixture.StartAsync();
        var (_, compressed) = await CompressedAsync(TransferSyntax.JPEGLosslessSV1);
        await WadoTests.StoreAsync(server, compressed);

        using var request = new HttpRequestMessage(HttpMethod.Get, Instance);
        request.Headers.Accept.Add(Multipart.Accept("multipart/related; type=\"application/dicom\"; transfer-syntax=" + TransferSyntax.JPEGExtended35.Uid));
        using var response = await server.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("transfer-syntax=*", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrameOfCompressedInstanceAsOctetStreamIsDecoded()
    {
        await using var server = await ServerFixture.StartAsync();
        var (original, compressed) = await CompressedAsync(TransferSyntax.JPEGLosslessSV1);
        await WadoTests.StoreAsync(server, compressed);

        using var request = new HttpRequestMessage(HttpMethod.Get, Instance + "/frames/1");
        request.Headers.Accept.Add(Multipart.Accept("multipart/related; type=\"application/octet-stream\""));
        using var response = await server.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var part = Assert.Single(await Multipart.ReadAsync(response, Ct));
        Assert.StartsWith("application/octet-stream", part.ContentType, StringComparison.Ordinal);
        Assert.Equal(PixelBytes(original), part.Bytes);
    }

    /// <summary>An uncompressed test instance and its Part 10 bytes compressed by the toolkit transcoder.</summary>
    private static async Task<(DicomDataset Original, byte[] Compressed)> CompressedAsync(TransferSyntax syntax)
    {
        var original = TestFiles.WithPixels(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1"), rows: 16, columns: 16);
        var compressed = await TestCodecs.Transcoder.TranscodeAsync(original, TransferSyntax.ExplicitVRLittleEndian, syntax, cancellationToken: Ct);
        Assert.IsType<DicomFragmentSequence>(compressed[DicomTags.PixelData]);
        return (original, await TestFiles.Part10Async(compressed, syntax));
    }

    private static byte[] PixelBytes(DicomDataset dataset) => ((DicomElement)dataset[DicomTags.PixelData]!).Buffer.Memory.ToArray();
}
