using System.Globalization;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;
using DicomHub.Testing;
using static DicomHub.Dicom.Tests.Imaging.Conformance.ConformanceImages;

namespace DicomHub.Dicom.Tests.Imaging.Conformance;

/// <summary>
/// JPEG 2000 (.4.90/.4.91) and HTJ2K (.4.201/.4.203) against OpenJPEG's opj_compress/opj_decompress, GDCM's
/// gdcmconv and OpenJPH's ojph_compress (a second, independent HTJ2K implementation).
/// </summary>
public class Jpeg2000ConformanceTests
{
    public static TheoryData<string> Images => [Mono8, Mono12, Mono12Signed, Mono16, Mono16Signed, Rgb8, Rgb8Planar, MultiFrame];

    public static TheoryData<string> MonochromeImages => [Mono8, Mono12, Mono12Signed, Mono16, Mono16Signed, MultiFrame];

    /// <summary>ojph_compress reads raw samples as unsigned here (its signed raw input is not what DICOM stores).</summary>
    public static TheoryData<string> UnsignedMonochromeImages => [Mono8, Mono12, Mono16, MultiFrame];

    [Theory]
    [MemberData(nameof(Images))]
    public Task Gdcmconv_lossless_decodes_bit_exact(string image) =>
        CodecConformance.ReferenceEncodesWeDecodeAsync(image, (n, c) => ReferenceTools.RunAsync("gdcmconv", "libgdcm-tools", "--j2k", n, c), TransferSyntax.JPEG2000Lossless, 0, Jpeg2000Tools.OpjDecodeAsync, Gdcm);

    [Theory]
    [MemberData(nameof(Images))]
    public Task Gdcmconv_lossy_decodes_bit_exact(string image) =>
        CodecConformance.ReferenceEncodesWeDecodeAsync(image, (n, c) => ReferenceTools.RunAsync("gdcmconv", "libgdcm-tools", "--j2k", "--lossy", "--irreversible", "-r", "10", n, c), TransferSyntax.JPEG2000, LossyBound(image), Jpeg2000Tools.OpjDecodeAsync, Gdcm);

    [Theory]
    [MemberData(nameof(MonochromeImages))]
    public Task Opj_compress_lossless_decodes_bit_exact(string image) =>
        CodecConformance.ReferenceEncodesWeDecodeAsync(image, (n, c) => OpjCompressAsync(n, c, TransferSyntax.JPEG2000Lossless, []), TransferSyntax.JPEG2000Lossless, 0, Jpeg2000Tools.OpjDecodeAsync, Gdcm);

    [Theory]
    [MemberData(nameof(MonochromeImages))]
    public Task Opj_compress_lossy_decodes_bit_exact(string image) =>
        CodecConformance.ReferenceEncodesWeDecodeAsync(image, (n, c) => OpjCompressAsync(n, c, TransferSyntax.JPEG2000, ["-I", "-r", "8"]), TransferSyntax.JPEG2000, LossyBound(image), Jpeg2000Tools.OpjDecodeAsync, Gdcm);

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Lossless_encoding_decodes_bit_exact_in_opj_decompress_and_gdcm(string image)
    {
        var file = await CodecConformance.WeEncodeReferenceDecodesAsync(image, TransferSyntax.JPEG2000Lossless, null, 0, Jpeg2000Tools.OpjDecodeAsync, Gdcm);

        Assert.Equal(Describe(image).SamplesPerPixel == 3 ? "YBR_RCT" : Describe(image).PhotometricInterpretation, file.Dataset.GetString(DicomTags.PhotometricInterpretation));
        Assert.False(file.Dataset.Contains(DicomTags.LossyImageCompressionMethod));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Lossy_encoding_decodes_bit_exact_in_opj_decompress_and_gdcm_within_the_bound(string image)
    {
        var file = await CodecConformance.WeEncodeReferenceDecodesAsync(image, TransferSyntax.JPEG2000, new CodecParameters { CompressionRatio = 10 }, LossyBound(image), Jpeg2000Tools.OpjDecodeAsync, Gdcm);

        Assert.Equal(Describe(image).SamplesPerPixel == 3 ? "YBR_ICT" : Describe(image).PhotometricInterpretation, file.Dataset.GetString(DicomTags.PhotometricInterpretation));
        Assert.Equal("01", file.Dataset.GetString(DicomTags.LossyImageCompression));
        Assert.Equal(["ISO_15444_1"], file.Dataset.GetStrings(DicomTags.LossyImageCompressionMethod));
    }

    [Fact]
    public async Task Rgb_without_the_colour_transform_stays_RGB_when_asked()
    {
        var file = await CodecConformance.WeEncodeReferenceDecodesAsync(Rgb8, TransferSyntax.JPEG2000Lossless, new CodecParameters { PhotometricInterpretation = "RGB" }, 0, Jpeg2000Tools.OpjDecodeAsync, Gdcm);

        Assert.Equal("RGB", file.Dataset.GetString(DicomTags.PhotometricInterpretation));
    }

    [Theory]
    [MemberData(nameof(UnsignedMonochromeImages))]
    public Task Ojph_compress_htj2k_lossless_decodes_bit_exact(string image) =>
        CodecConformance.ReferenceEncodesWeDecodeAsync(image, (n, c) => OjphCompressAsync(n, c, TransferSyntax.HTJ2KLossless, ["-reversible", "true"]), TransferSyntax.HTJ2KLossless, 0, Jpeg2000Tools.OpjDecodeAsync);

    [Theory]
    [MemberData(nameof(UnsignedMonochromeImages))]
    public Task Ojph_compress_htj2k_lossy_decodes_bit_exact(string image) =>
        CodecConformance.ReferenceEncodesWeDecodeAsync(image, (n, c) => OjphCompressAsync(n, c, TransferSyntax.HTJ2K, ["-qstep", "0.002"]), TransferSyntax.HTJ2K, LossyBound(image), Jpeg2000Tools.OpjDecodeAsync);

    [Fact]
    public async Task Htj2k_encoding_is_refused_with_the_reason()
    {
        var (dataset, _, _) = Create(Mono12);

        var error = await Assert.ThrowsAsync<TransferSyntaxNotSupportedException>(() => TestCodecs.Transcoder.TranscodeAsync(dataset, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.HTJ2KLossless, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("cannot encode", error.Message);
        Assert.False(TestCodecs.Transcoder.CanTranscode(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.HTJ2K));
        Assert.True(TestCodecs.Transcoder.CanTranscode(TransferSyntax.HTJ2K, TransferSyntax.JPEG2000Lossless));
    }

    /// <summary>Lossy at about 10:1 on these images: no sample off by more than 1/16 of the range (in practice far less).</summary>
    private static int LossyBound(string image) => (1 << Describe(image).BitsStored) / 16;

    private static Task<DecodedImage> Gdcm(string compressed, TempDirectory temp) => ReferenceTools.GdcmDecodeAsync(compressed, temp);

    private static Task OpjCompressAsync(string native, string compressed, TransferSyntax syntax, string[] options) =>
        Jpeg2000Tools.EncodeFramesAsync(native, compressed, syntax, "MONOCHROME2", (raw, output, d) =>
        {
            var rawl = Path.ChangeExtension(raw, ".rawl");
            File.Move(raw, rawl);
            var format = string.Create(CultureInfo.InvariantCulture, $"{d.Columns},{d.Rows},{d.SamplesPerPixel},{d.BitsStored},{(d.IsSigned ? "s" : "u")}");
            return ["-i", rawl, "-o", output, "-F", format, .. options];
        }, "opj_compress", "libopenjp2-tools");

    private static Task OjphCompressAsync(string native, string compressed, TransferSyntax syntax, string[] options) =>
        Jpeg2000Tools.EncodeFramesAsync(native, compressed, syntax, "MONOCHROME2", (raw, output, d) =>
        {
            var yuv = Path.ChangeExtension(raw, ".yuv");
            File.Move(raw, yuv);
            return ["-i", yuv, "-o", output, "-dims", $"{{{d.Columns},{d.Rows}}}", "-num_comps", "1", "-signed", d.IsSigned ? "true" : "false", "-bit_depth", d.BitsStored.ToString(CultureInfo.InvariantCulture), "-downsamp", "{1,1}", .. options];
        }, "ojph_compress", "openjph-tools");
}
