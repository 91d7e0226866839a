using System.Buffers;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Imaging.Codecs.Native;

namespace DicomHub.Dicom.Imaging.Codecs.Jpeg2000;

/// <summary>
/// JPEG 2000 Part 1 (.4.90 lossless, .4.91 lossy) and High-Throughput JPEG 2000 (.4.201, .4.202 RPCL, .4.203)
/// through OpenJPEG (Debian's libopenjp2-7). Decoding: every one of them; OpenJPEG 2.5 decodes Part 15 (HT)
/// codestreams, and a JP2 file wrapped in a fragment by mistake is decoded too. The inverse multi-component
/// transform is applied, so YBR_RCT/YBR_ICT come back as RGB. Encoding: Part 1 only, reversible 5/3 for .90,
/// irreversible 9/7 at <see cref="CodecParameters.CompressionRatio"/> (default 10:1) for .91, colour with the
/// multi-component transform (YBR_RCT / YBR_ICT) unless "RGB" is asked for. OpenJPEG 2.5.0 has no HT block
/// encoder, so HTJ2K is decode-only here (<see cref="CanEncode"/> false).
/// </summary>
public sealed class Jpeg2000Codec : ITransferSyntaxCodec
{
    /// <summary>The ratio used for lossy JPEG 2000 when the caller gives none.</summary>
    public const double DefaultCompressionRatio = 10;

    public Jpeg2000Codec(TransferSyntax transferSyntax)
    {
        ArgumentNullException.ThrowIfNull(transferSyntax);
        if (!IsPart1(transferSyntax) && !IsHighThroughput(transferSyntax))
        {
            throw new ArgumentException($"{transferSyntax.Name} is not a JPEG 2000 transfer syntax this codec handles.", nameof(transferSyntax));
        }

        TransferSyntax = transferSyntax;
    }

    public TransferSyntax TransferSyntax { get; }

    public bool CanEncode => IsPart1(TransferSyntax);

    private bool IsLossy => TransferSyntax == TransferSyntax.JPEG2000 || TransferSyntax == TransferSyntax.HTJ2K;

    public string? LossyMethod(CodecParameters parameters) => IsLossy ? "ISO_15444_1" : null;

    public ImageDescription Decode(ReadOnlySpan<byte> encodedFrame, ImageDescription description, Span<byte> nativeFrame)
    {
        try
        {
            return Jpeg2000Decoder.Decode(encodedFrame, description, nativeFrame);
        }
        catch (Exception e) when (NativeCodecLibrary.IsMissing(e))
        {
            throw NativeCodecLibrary.Missing(TransferSyntax, NativeCodecLibrary.OpenJpeg, NativeCodecLibrary.OpenJpegPackage, e);
        }
    }

    public ImageDescription Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, CodecParameters parameters, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!CanEncode)
        {
            throw new NotSupportedException($"OpenJPEG 2.5 decodes {TransferSyntax.Name} but has no HTJ2K encoder.");
        }

        var ratio = IsLossy ? parameters.CompressionRatio ?? DefaultCompressionRatio : 0;
        if (IsLossy && ratio <= 1)
        {
            throw new NotSupportedException($"A lossy JPEG 2000 compression ratio must be above 1 (e.g. 10 for 10:1); {ratio} was asked for.");
        }

        try
        {
            return Jpeg2000Encoder.Encode(nativeFrame, description, IsLossy, ratio, parameters.PhotometricInterpretation, output);
        }
        catch (Exception e) when (NativeCodecLibrary.IsMissing(e))
        {
            throw NativeCodecLibrary.Missing(TransferSyntax, NativeCodecLibrary.OpenJpeg, NativeCodecLibrary.OpenJpegPackage, e);
        }
    }

    private static bool IsPart1(TransferSyntax syntax) => syntax == TransferSyntax.JPEG2000Lossless || syntax == TransferSyntax.JPEG2000;

    private static bool IsHighThroughput(TransferSyntax syntax) =>
        syntax == TransferSyntax.HTJ2KLossless || syntax == TransferSyntax.HTJ2KLosslessRPCL || syntax == TransferSyntax.HTJ2K;
}
