using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Imaging;

/// <summary>
/// DCMTK as the reference codec: what dcmcrle/dcmcjpeg compress we decode to the original pixels, and what we
/// compress dcmdrle/dcmdjpeg decode to the original pixels. Bit-exact, frame by frame.
/// </summary>
public class DcmtkCodecInteropTests
{
    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";
    private readonly DicomTranscoder _transcoder = TestCodecs.Transcoder;

    public static TheoryData<string> Images => ["8-bit", "16-bit unsigned", "16-bit signed", "RGB 8-bit", "multi-frame 16-bit"];

    [Theory]
    [MemberData(nameof(Images))]
    public Task We_decode_what_dcmcrle_encodes(string image) =>
        DcmtkEncodesWeDecode(image, "dcmcrle", [], TransferSyntax.RLELossless);

    [Theory]
    [MemberData(nameof(Images))]
    public Task We_decode_what_dcmcjpeg_encodes_as_SV1(string image) =>
        DcmtkEncodesWeDecode(image, "dcmcjpeg", ["+e1"], TransferSyntax.JPEGLosslessSV1);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public Task We_decode_what_dcmcjpeg_encodes_with_other_predictors(int predictor) =>
        DcmtkEncodesWeDecode("16-bit signed", "dcmcjpeg", ["+el", "+sv", predictor.ToString(System.Globalization.CultureInfo.InvariantCulture)], TransferSyntax.JPEGLossless);

    [Theory]
    [InlineData("dcmcrle", "+ot")]
    [InlineData("dcmcrle", "-ot")]
    [InlineData("dcmcjpeg", "+ot")]
    [InlineData("dcmcjpeg", "-ot")]
    public Task We_find_frames_split_over_several_fragments(string program, string offsetTable) =>
        DcmtkEncodesWeDecode("multi-frame 16-bit", program, ["+fs", "1", offsetTable], program == "dcmcrle" ? TransferSyntax.RLELossless : TransferSyntax.JPEGLosslessSV1, minimumFragments: 5);

    [Theory]
    [MemberData(nameof(Images))]
    public Task Dcmdrle_decodes_what_we_encode(string image) =>
        WeEncodeDcmtkDecodes(image, TransferSyntax.RLELossless, "dcmdrle");

    [Theory]
    [MemberData(nameof(Images))]
    public Task Dcmdjpeg_decodes_what_we_encode(string image) =>
        WeEncodeDcmtkDecodes(image, TransferSyntax.JPEGLosslessSV1, "dcmdjpeg");

    /// <summary>
    /// Other encoders code signed 12-bit data with P = 12 (DCMTK uses P = 16). dcmdjpeg then writes the raw
    /// 12-bit pattern without sign extension; we must give the same bytes.
    /// </summary>
    [Fact]
    public async Task Precision_below_bits_allocated_decodes_like_dcmdjpeg()
    {
        var dcmdjpeg = Peers.Require("dcmdjpeg", "dcmtk");
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (dataset, pixels, description) = Create("16-bit signed");
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        DicomHub.Dicom.Imaging.Codecs.JpegLossless.JpegLosslessEncoder.Encode(pixels, description, 1, output, precision: 12);
        Assert.Equal(12, output.WrittenSpan[6]);
        PixelDataBuilder.SetEncapsulated(dataset, [output.WrittenMemory]);
        await DicomFile.Create(dataset, TransferSyntax.JPEGLosslessSV1).SaveAsync(temp.Combine("p12.dcm"), ct);

        var run = await Peers.RunAsync(dcmdjpeg, [temp.Combine("p12.dcm"), temp.Combine("decoded.dcm")], cancellationToken: ct);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var theirs = (await DicomFile.OpenAsync(temp.Combine("decoded.dcm"), cancellationToken: ct)).Dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory;
        var ours = await _transcoder.TranscodeAsync(dataset, TransferSyntax.JPEGLosslessSV1, TransferSyntax.ExplicitVRLittleEndian, cancellationToken: ct);

        var expected = pixels.Select((b, i) => i % 2 == 1 ? (byte)(b & 0x0F) : b).ToArray(); // low 12 bits of each sample
        Assert.Equal(expected, theirs[..expected.Length].ToArray());
        Assert.Equal(expected, ours.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory[..expected.Length].ToArray());
    }

    private async Task DcmtkEncodesWeDecode(string image, string program, string[] options, TransferSyntax expected, int minimumFragments = 1)
    {
        var encoder = Peers.Require(program, "dcmtk");
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (dataset, pixels, description) = Create(image);
        await DicomFile.Create(dataset, TransferSyntax.ExplicitVRLittleEndian).SaveAsync(temp.Combine("native.dcm"), ct);

        var run = await Peers.RunAsync(encoder, [.. options, temp.Combine("native.dcm"), temp.Combine("dcmtk.dcm")], cancellationToken: ct);
        Assert.True(run.ExitCode == 0, $"{program} failed: {run.StandardError}");

        // Fragments over 256 bytes stay in the file: frames are then read from disk one at a time.
        var compressed = await DicomFile.OpenAsync(temp.Combine("dcmtk.dcm"), new DicomReadOptions { LargeValueThreshold = 256 }, ct);
        Assert.Equal(expected, compressed.TransferSyntax);
        var pixelData = DicomPixelData.FromDataset(compressed.Dataset);
        Assert.True(pixelData.IsEncapsulated);
        Assert.Equal(description.NumberOfFrames, pixelData.FrameCount);
        Assert.True(((EncapsulatedPixelData)pixelData).Fragments.Fragments.Count >= Math.Max(minimumFragments, description.NumberOfFrames));

        var native = await _transcoder.TranscodeAsync(compressed, TransferSyntax.ExplicitVRLittleEndian, cancellationToken: ct);
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, native.TransferSyntax);
        AssertSamePixels(pixels, native.Dataset, description);

        // Written by the Part 10 writer (decoding frame by frame as it writes) and read back.
        await native.SaveAsync(temp.Combine("decoded.dcm"), ct);
        var reread = await DicomFile.OpenAsync(temp.Combine("decoded.dcm"), cancellationToken: ct);
        AssertSamePixels(pixels, reread.Dataset, description);
    }

    private async Task WeEncodeDcmtkDecodes(string image, TransferSyntax syntax, string program)
    {
        var decoder = Peers.Require(program, "dcmtk");
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (dataset, pixels, description) = Create(image);
        var compressed = await _transcoder.TranscodeAsync(dataset, TransferSyntax.ExplicitVRLittleEndian, syntax, cancellationToken: ct);
        await DicomFile.Create(compressed, syntax).SaveAsync(temp.Combine("ours.dcm"), ct);

        var run = await Peers.RunAsync(decoder, [temp.Combine("ours.dcm"), temp.Combine("decoded.dcm")], cancellationToken: ct);
        Assert.True(run.ExitCode == 0, $"{program} failed: {run.StandardError}");
        Assert.Equal(string.Empty, run.StandardError.Trim());

        var decoded = await DicomFile.OpenAsync(temp.Combine("decoded.dcm"), cancellationToken: ct);
        Assert.False(decoded.TransferSyntax.IsEncapsulated);
        AssertSamePixels(pixels, decoded.Dataset, description);
    }

    private static void AssertSamePixels(byte[] expected, DicomDataset dataset, ImageDescription description)
    {
        Assert.Equal(description with { }, ImageDescription.FromDataset(dataset));
        var actual = dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory;
        Assert.True(actual.Length >= expected.Length, $"Pixel Data is {actual.Length} bytes, expected {expected.Length}");
        for (var frame = 0; frame < description.NumberOfFrames; frame++)
        {
            var range = new Range(frame * description.FrameLength, (frame + 1) * description.FrameLength);
            Assert.True(expected.AsSpan(range).SequenceEqual(actual.Span[range]), $"frame {frame + 1} differs");
        }
    }

    private static (DicomDataset Dataset, byte[] Pixels, ImageDescription Description) Create(string image)
    {
        var (description, sopClass) = image switch
        {
            "8-bit" => (TestImages.Mono(96, 128, 8, 8), SecondaryCapture),
            "16-bit unsigned" => (TestImages.Mono(128, 96, 16, 12), CtImage),
            "16-bit signed" => (TestImages.Mono(128, 128, 16, 12, signed: true), CtImage),
            "RGB 8-bit" => (TestImages.Rgb(64, 80), SecondaryCapture),
            "multi-frame 16-bit" => (TestImages.Mono(64, 64, 16, 16, frames: 4), SecondaryCapture),
            _ => throw new ArgumentOutOfRangeException(nameof(image)),
        };

        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTags.SOPClassUID, sopClass)
            .AddOrUpdate(DicomTags.SOPInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTags.StudyInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTags.SeriesInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTags.Modality, sopClass == CtImage ? "CT" : "OT");
        description.ApplyTo(dataset);
        var pixels = TestImages.Frames(description, seed: image.Length);
        dataset.AddOrUpdate(new DicomElement(DicomTags.PixelData, PixelDataBuilder.NativeVR(description), pixels));
        return (dataset, pixels, description);
    }
}
