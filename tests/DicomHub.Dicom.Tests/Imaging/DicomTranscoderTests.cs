using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Imaging;

public class DicomTranscoderTests
{
    private readonly DicomTranscoder _transcoder = TestCodecs.Transcoder;

    public static TheoryData<string, string> CompressedSyntaxes => new()
    {
        { "RLELossless", "16-bit signed" },
        { "RLELossless", "RGB planar" },
        { "JPEGLosslessSV1", "16-bit signed" },
        { "JPEGLosslessSV1", "8-bit" },
        { "JPEGLosslessSV1", "RGB planar" },
        { "JPEGLossless", "16-bit signed" },
        { "EncapsulatedUncompressedExplicitVRLittleEndian", "16-bit signed" },
    };

    [Theory]
    [MemberData(nameof(CompressedSyntaxes))]
    public async Task Native_to_compressed_and_back_keeps_every_frame_bit_exact(string syntax, string image)
    {
        var target = TransferSyntax.Parse(syntax);
        var description = Describe(image);
        var original = Dataset(description, out var pixels);

        var compressed = await _transcoder.TranscodeAsync(original, TransferSyntax.ExplicitVRLittleEndian, target, cancellationToken: TestContext.Current.CancellationToken);
        var native = await _transcoder.TranscodeAsync(compressed, target, TransferSyntax.ExplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken);

        var fragments = compressed.Get<DicomFragmentSequence>(DicomTags.PixelData)!;
        Assert.Equal(description.NumberOfFrames, fragments.Fragments.Count);
        Assert.Equal(description.NumberOfFrames, fragments.ReadOffsets().Count);
        Assert.Equal(0, compressed.GetInt32(DicomTags.PlanarConfiguration) ?? 0);
        var element = native.Get<DicomElement>(DicomTags.PixelData)!;
        var expected = description.PlanarConfiguration == 0 ? pixels : Interleave(pixels, description);
        Assert.Equal(expected, element.Buffer.Memory.ToArray());
        Assert.Equal(description.BitsAllocated > 8 ? DicomVR.OW : DicomVR.OB, element.VR);
        Assert.Equal(description.PhotometricInterpretation, native.GetString(DicomTags.PhotometricInterpretation));
    }

    [Fact]
    public async Task Compressed_to_native_streams_frame_by_frame_when_written()
    {
        var description = TestImages.Mono(16, 16, 16, 12, frames: 3);
        var compressed = await _transcoder.TranscodeAsync(Dataset(description, out var pixels), TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.RLELossless, cancellationToken: TestContext.Current.CancellationToken);

        var native = await _transcoder.TranscodeAsync(compressed, TransferSyntax.RLELossless, TransferSyntax.ImplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken);
        var buffer = native.Get<DicomElement>(DicomTags.PixelData)!.Buffer;
        using var written = new MemoryStream();
        await buffer.CopyToAsync(written, TestContext.Current.CancellationToken);

        Assert.False(buffer.IsInMemory);
        Assert.Equal(pixels, written.ToArray());
    }

    [Fact]
    public async Task Compressed_to_compressed_goes_through_native()
    {
        var description = TestImages.Mono(32, 40, 16, 16, frames: 2);
        var original = Dataset(description, out var pixels);
        var rle = await _transcoder.TranscodeAsync(original, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.RLELossless, cancellationToken: TestContext.Current.CancellationToken);

        var jpeg = await _transcoder.TranscodeAsync(rle, TransferSyntax.RLELossless, TransferSyntax.JPEGLosslessSV1, cancellationToken: TestContext.Current.CancellationToken);
        var native = await _transcoder.TranscodeAsync(jpeg, TransferSyntax.JPEGLosslessSV1, TransferSyntax.ExplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0xD8, jpeg.Get<DicomFragmentSequence>(DicomTags.PixelData)!.Fragments[1].Memory.Span[1]);
        Assert.Equal(pixels, native.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray());
    }

    [Fact]
    public async Task Native_to_native_keeps_the_pixel_bytes_and_does_not_touch_the_input()
    {
        var description = TestImages.Mono(8, 8, 8, 8);
        var original = Dataset(description, out var pixels);
        original.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, pixels));

        var bigEndian = await _transcoder.TranscodeAsync(original, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(DicomVR.OB, bigEndian[DicomTags.PixelData]!.VR);
        Assert.Equal(DicomVR.OW, original[DicomTags.PixelData]!.VR);
        Assert.Equal(pixels, bigEndian.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray());
    }

    [Fact]
    public async Task A_syntax_without_codec_is_named_in_the_error()
    {
        var original = Dataset(TestImages.Mono(8, 8, 8, 8), out _);

        var error = await Assert.ThrowsAsync<TransferSyntaxNotSupportedException>(() => _transcoder.TranscodeAsync(original, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.JPEGExtended35, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(TransferSyntax.JPEGExtended35, error.TransferSyntax);
        Assert.Contains("1.2.840.10008.1.2.4.52", error.Message);
        Assert.Contains("RLELossless", error.Message);
        Assert.False(_transcoder.CanTranscode(TransferSyntax.JPEGExtended35, TransferSyntax.ExplicitVRLittleEndian));
        Assert.True(_transcoder.CanTranscode(TransferSyntax.JPEGExtended35, TransferSyntax.JPEGExtended35));
    }

    [Fact]
    public async Task An_image_the_target_cannot_hold_is_a_transfer_syntax_error()
    {
        var original = Dataset(TestImages.Mono(4, 4, 32, 32), out _);

        var error = await Assert.ThrowsAsync<TransferSyntaxNotSupportedException>(() => _transcoder.TranscodeAsync(original, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.JPEGLosslessSV1, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("Bits Allocated 32", error.Message);
    }

    [Fact]
    public async Task One_bit_frames_that_are_not_whole_bytes_are_refused_before_any_decoding()
    {
        var description = TestImages.Mono(3, 5, 1, 1, frames: 2);
        var dataset = new DicomDataset();
        description.ApplyTo(dataset);
        PixelDataBuilder.SetEncapsulated(dataset, [new byte[2], new byte[2]]);
        var source = TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian;

        var error = await Assert.ThrowsAsync<TransferSyntaxNotSupportedException>(() => _transcoder.TranscodeAsync(dataset, source, TransferSyntax.ExplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("15 bits", error.Message);
    }

    [Fact]
    public async Task A_data_set_without_pixel_data_is_copied()
    {
        var dataset = new DicomDataset().AddOrUpdate(DicomTags.PatientID, "42");

        var result = await _transcoder.TranscodeAsync(dataset, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.RLELossless, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("42", result.GetString(DicomTags.PatientID));
        Assert.NotSame(dataset, result);
    }

    [Fact]
    public void Registry_is_immutable_and_With_returns_a_new_one()
    {
        var registry = TestCodecs.Registry;
        var replaced = registry.With(new EncapsulatedUncompressedCodec());

        Assert.NotSame(registry, replaced);
        Assert.True(registry.TryGet(TransferSyntax.RLELossless, out _));
        Assert.False(registry.TryGet(TransferSyntax.JPEGExtended35, out _));
        Assert.Equal(registry.Codecs.Count, replaced.Codecs.Count);
    }

    internal static ImageDescription Describe(string image) => image switch
    {
        "16-bit signed" => TestImages.Mono(30, 40, 16, 12, signed: true, frames: 3),
        "8-bit" => TestImages.Mono(30, 40, 8, 8, frames: 2),
        "RGB planar" => TestImages.Rgb(20, 30, planarConfiguration: 1, frames: 2),
        _ => throw new ArgumentOutOfRangeException(nameof(image)),
    };

    internal static DicomDataset Dataset(ImageDescription description, out byte[] pixels)
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7")
            .AddOrUpdate(DicomTags.SOPInstanceUID, DicomUid.Generate());
        description.ApplyTo(dataset);
        pixels = TestImages.Frames(description, 11);
        dataset.AddOrUpdate(new DicomElement(DicomTags.PixelData, PixelDataBuilder.NativeVR(description), pixels));
        return dataset;
    }

    /// <summary>Colour-by-plane frames rearranged colour-by-pixel, as they come back after compression.</summary>
    private static byte[] Interleave(byte[] planar, ImageDescription description)
    {
        var result = new byte[planar.Length];
        var pixels = description.PixelsPerFrame;
        var size = description.BytesPerSample;
        for (var f = 0; f < description.NumberOfFrames; f++)
        {
            var frame = f * description.FrameLength;
            for (var s = 0; s < description.SamplesPerPixel; s++)
            {
                for (var p = 0; p < pixels; p++)
                {
                    Array.Copy(planar, frame + (((s * pixels) + p) * size), result, frame + (((p * description.SamplesPerPixel) + s) * size), size);
                }
            }
        }

        return result;
    }
}
