using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;
using DicomHub.Testing;
using static DicomHub.Dicom.Tests.Imaging.Conformance.ConformanceImages;

namespace DicomHub.Dicom.Tests.Imaging.Conformance;

/// <summary>JPEG-LS lossless (.4.80) and near-lossless (.4.81) against DCMTK (dcmcjpls/dcmdjpls) and GDCM (gdcmconv).</summary>
public class JpegLsConformanceTests
{
    public static TheoryData<string> Images => [Mono8, Mono12, Mono12Signed, Mono16, Mono16Signed, Rgb8, Rgb8Planar, MultiFrame];

    /// <summary>Near-lossless bounds the error of the unsigned bit pattern, so signed images are refused (by dcmcjpls too).</summary>
    public static TheoryData<string> UnsignedImages => [Mono8, Mono12, Mono16, Rgb8, Rgb8Planar, MultiFrame];

    [Theory]
    [MemberData(nameof(Images))]
    public Task Dcmcjpls_lossless_decodes_bit_exact(string image) =>
        CodecConformance.ReferenceEncodesWeDecodeAsync(image, (n, c) => ReferenceTools.RunAsync("dcmcjpls", "dcmtk", n, c), TransferSyntax.JPEGLSLossless, 0, Dcmdjpls, Gdcm);

    [Theory]
    [MemberData(nameof(UnsignedImages))]
    public Task Dcmcjpls_near_lossless_decodes_bit_exact(string image) =>
        CodecConformance.ReferenceEncodesWeDecodeAsync(image, (n, c) => ReferenceTools.RunAsync("dcmcjpls", "dcmtk", "+en", "+md", "3", "+in", n, c), TransferSyntax.JPEGLSNearLossless, 3, Dcmdjpls, Gdcm);

    [Theory]
    [MemberData(nameof(Images))]
    public Task Gdcmconv_lossless_decodes_bit_exact(string image) =>
        CodecConformance.ReferenceEncodesWeDecodeAsync(image, (n, c) => ReferenceTools.RunAsync("gdcmconv", "libgdcm-tools", "--jpegls", n, c), TransferSyntax.JPEGLSLossless, 0, Dcmdjpls);

    [Theory]
    [MemberData(nameof(Images))]
    public Task Lossless_encoding_decodes_bit_exact_in_dcmdjpls_and_gdcm(string image) =>
        CodecConformance.WeEncodeReferenceDecodesAsync(image, TransferSyntax.JPEGLSLossless, null, 0, Dcmdjpls, Gdcm);

    [Theory]
    [MemberData(nameof(UnsignedImages))]
    public async Task Near_lossless_encoding_stays_within_NEAR_in_dcmdjpls_and_gdcm(string image)
    {
        var file = await CodecConformance.WeEncodeReferenceDecodesAsync(image, TransferSyntax.JPEGLSNearLossless, new CodecParameters { NearLosslessError = 4 }, 4, Dcmdjpls, Gdcm);

        Assert.Equal("01", file.Dataset.GetString(DicomTags.LossyImageCompression));
        Assert.Equal(["ISO_14495_1"], file.Dataset.GetStrings(DicomTags.LossyImageCompressionMethod));
    }

    [Theory]
    [InlineData(Mono12Signed)]
    [InlineData(Mono16Signed)]
    public async Task Near_lossless_encoding_of_signed_pixels_is_refused_with_the_reason(string image)
    {
        var (dataset, _, _) = Create(image);

        var error = await Assert.ThrowsAsync<TransferSyntaxNotSupportedException>(() => TestCodecs.Transcoder.TranscodeAsync(dataset, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.JPEGLSNearLossless, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("signed", error.Message);
        Assert.Contains(TransferSyntax.JPEGLSLossless.Uid, error.Message);
    }

    private static Task<DecodedImage> Dcmdjpls(string compressed, TempDirectory temp) => ReferenceTools.DcmtkDecodeAsync("dcmdjpls", compressed, temp);

    private static Task<DecodedImage> Gdcm(string compressed, TempDirectory temp) => ReferenceTools.GdcmDecodeAsync(compressed, temp);
}
