using System.Buffers;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Dicom.Tests.Imaging;

/// <summary>
/// The codec seam: codecs come from DI, a codec registered after <see cref="CodecServiceCollectionExtensions.AddDicomCodecs"/>
/// replaces the built-in one for its syntax, a codec can change the Photometric Interpretation both ways, and
/// a lossy encoder marks the data set lossy. The test codec stores the frame as is (inverted, so a missed
/// decode shows) and says it holds YBR_FULL.
/// </summary>
public class CodecSeamTests
{
    private static readonly TransferSyntax Syntax = TransferSyntax.JPEG2000;

    [Fact]
    public async Task A_codec_registered_after_the_defaults_is_used_and_its_photometric_interpretation_follows_the_pixels()
    {
        var transcoder = Transcoder(new RelabellingCodec(canEncode: true));
        var description = TestImages.Rgb(4, 6);
        var dataset = DicomTranscoderTests.Dataset(description, out var pixels);

        var encoded = await transcoder.TranscodeAsync(dataset, TransferSyntax.ExplicitVRLittleEndian, Syntax, new CodecParameters { Quality = 50 }, TestContext.Current.CancellationToken);
        var decoded = await transcoder.TranscodeAsync(encoded, Syntax, TransferSyntax.ExplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("YBR_FULL", encoded.GetString(DicomTags.PhotometricInterpretation));
        Assert.Equal("01", encoded.GetString(DicomTags.LossyImageCompression));
        Assert.Equal(["TEST_50"], encoded.GetStrings(DicomTags.LossyImageCompressionMethod));
        Assert.Equal(["1"], encoded.GetStrings(DicomTags.LossyImageCompressionRatio));
        Assert.Equal("RGB", decoded.GetString(DicomTags.PhotometricInterpretation));
        Assert.Equal(pixels, decoded.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray());
    }

    [Fact]
    public async Task A_decode_only_codec_refuses_to_encode_with_the_reason()
    {
        var transcoder = Transcoder(new RelabellingCodec(canEncode: false));
        var dataset = DicomTranscoderTests.Dataset(TestImages.Rgb(4, 6), out _);

        Assert.False(transcoder.CanTranscode(TransferSyntax.ExplicitVRLittleEndian, Syntax));
        Assert.True(transcoder.CanTranscode(Syntax, TransferSyntax.ExplicitVRLittleEndian));
        var error = await Assert.ThrowsAsync<TransferSyntaxNotSupportedException>(() => transcoder.TranscodeAsync(dataset, TransferSyntax.ExplicitVRLittleEndian, Syntax, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("cannot encode", error.Message);
    }

    [Fact]
    public void The_default_registration_is_built_once_even_when_called_twice()
    {
        var services = new ServiceCollection().AddDicomCodecs().AddDicomCodecs().BuildServiceProvider();

        var registry = services.GetRequiredService<CodecRegistry>();

        Assert.Same(registry, services.GetRequiredService<DicomTranscoder>().Codecs);
        Assert.Equal(services.GetServices<ITransferSyntaxCodec>().Select(c => c.TransferSyntax.Uid).Distinct().Count(), registry.Codecs.Count);
        Assert.True(registry.TryGet(TransferSyntax.RLELossless, out _));
    }

    private static DicomTranscoder Transcoder(ITransferSyntaxCodec extra) =>
        new ServiceCollection().AddDicomCodecs().AddSingleton(extra).BuildServiceProvider().GetRequiredService<DicomTranscoder>();

    private sealed class RelabellingCodec(bool canEncode) : ITransferSyntaxCodec
    {
        public TransferSyntax TransferSyntax => Syntax;

        public bool CanEncode => canEncode;

        public ImageDescription Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, CodecParameters parameters, IBufferWriter<byte> output)
        {
            var span = output.GetSpan(description.FrameLength)[..description.FrameLength];
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (byte)~nativeFrame[i];
            }

            output.Advance(span.Length);
            return description with { PhotometricInterpretation = "YBR_FULL", PlanarConfiguration = 0 };
        }

        public ImageDescription Decode(ReadOnlySpan<byte> encodedFrame, ImageDescription description, Span<byte> nativeFrame)
        {
            Assert.Equal("YBR_FULL", description.PhotometricInterpretation);
            for (var i = 0; i < description.FrameLength; i++)
            {
                nativeFrame[i] = (byte)~encodedFrame[i];
            }

            return description with { PhotometricInterpretation = "RGB" };
        }

        public string? LossyMethod(CodecParameters parameters) => $"TEST_{parameters.Quality}";
    }
}
