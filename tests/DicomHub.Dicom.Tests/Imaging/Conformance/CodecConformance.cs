using DicomHub.Dicom.Data;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Imaging.Conformance;

/// <summary>A reference decoder: the compressed file in, the native image it produced out.</summary>
internal delegate Task<DecodedImage> ReferenceDecoder(string compressed, TempDirectory temp);

/// <summary>A reference encoder: the native file in, the compressed file written at the second path.</summary>
internal delegate Task ReferenceEncoder(string native, string compressed);

/// <summary>
/// The two checks behind every cell of the codec conformance table. (1) A reference tool encodes; our decode is
/// bit-exact with the reference decoders' output of the same file, and within <c>maxError</c> of the original
/// (0 for lossless). (2) We encode; the reference decoders decode our file bit-exact with our own decode,
/// within <c>maxError</c> of the original.
/// </summary>
internal static class CodecConformance
{
    public static async Task ReferenceEncodesWeDecodeAsync(string image, ReferenceEncoder encode, TransferSyntax expected, int maxError, params ReferenceDecoder[] decoders)
    {
        using var temp = new TempDirectory();
        var (dataset, pixels, description) = ConformanceImages.Create(image);
        var native = await ReferenceTools.WriteAsync(dataset, TransferSyntax.ExplicitVRLittleEndian, temp, "native.dcm");
        var compressed = temp.Combine("reference.dcm");
        await encode(native, compressed);

        var file = await ReferenceTools.ReadAsync(compressed);
        Assert.Equal(expected, file.TransferSyntax);
        var ours = await DecodeAsync(file);
        var original = new DecodedImage(description, pixels);
        Assert.True(DecodedImage.MaxError(original, ours) <= maxError, $"our decode differs from the original by {DecodedImage.MaxError(original, ours)} (allowed {maxError})");
        foreach (var decoder in decoders)
        {
            DecodedImage.AssertSame(await decoder(compressed, temp), ours, $"{decoder.Method.Name}: reference decode vs ours");
        }
    }

    public static async Task<DicomFile> WeEncodeReferenceDecodesAsync(string image, TransferSyntax syntax, CodecParameters? parameters, int maxError, params ReferenceDecoder[] decoders)
    {
        using var temp = new TempDirectory();
        var (dataset, pixels, description) = ConformanceImages.Create(image);
        var encoded = await TestCodecs.Transcoder.TranscodeAsync(dataset, TransferSyntax.ExplicitVRLittleEndian, syntax, parameters, TestContext.Current.CancellationToken);
        var path = await ReferenceTools.WriteAsync(encoded, syntax, temp, "ours.dcm");
        var file = await ReferenceTools.ReadAsync(path);
        var ours = await DecodeAsync(file);
        var original = new DecodedImage(description, pixels);
        Assert.True(DecodedImage.MaxError(original, ours) <= maxError, $"our round trip differs from the original by {DecodedImage.MaxError(original, ours)} (allowed {maxError})");
        foreach (var decoder in decoders)
        {
            var theirs = await decoder(path, temp);
            DecodedImage.AssertSame(ours, theirs, $"{decoder.Method.Name}: reference decode of our file vs ours");
        }

        return file;
    }

    /// <summary>Our decode of a compressed file, through the transcoder as `convert` and WADO-RS use it, written and read back.</summary>
    public static async Task<DecodedImage> DecodeAsync(DicomFile file)
    {
        var native = await TestCodecs.Transcoder.TranscodeAsync(file, TransferSyntax.ExplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken);
        using var stream = new MemoryStream();
        await native.WriteAsync(stream, TestContext.Current.CancellationToken);
        stream.Position = 0;
        var reread = await DicomFile.ReadAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
        return DecodedImage.FromDataset(reread.Dataset);
    }
}
