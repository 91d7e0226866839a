using System.Buffers;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Imaging.Codecs.Native;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLs;

/// <summary>
/// JPEG-LS (ISO/IEC 14495-1): 1.2.840.10008.1.2.4.80 lossless and .4.81 near-lossless, through CharLS 2
/// (Debian's libcharls2). 2 to 16 bits, any number of components, every interleave mode on decode. Encoding
/// codes Bits Stored bits per sample (a signed image's sign bits above them are masked off and restored on
/// decode), colour by pixel (sample-interleaved), no colour transform, NEAR 0 for .80 and
/// <see cref="CodecParameters.NearLosslessError"/> (default 2) for .81.
/// </summary>
public sealed class JpegLsCodec : ITransferSyntaxCodec
{
    /// <summary>The NEAR used for .4.81 when the caller gives none.</summary>
    public const int DefaultNearLosslessError = 2;

    public JpegLsCodec(TransferSyntax transferSyntax)
    {
        ArgumentNullException.ThrowIfNull(transferSyntax);
        if (transferSyntax != TransferSyntax.JPEGLSLossless && transferSyntax != TransferSyntax.JPEGLSNearLossless)
        {
            throw new ArgumentException($"{transferSyntax.Name} is not a JPEG-LS transfer syntax.", nameof(transferSyntax));
        }

        TransferSyntax = transferSyntax;
    }

    public TransferSyntax TransferSyntax { get; }

    public string? LossyMethod(CodecParameters parameters) => NearLossless(parameters) > 0 ? "ISO_14495_1" : null;

    public ImageDescription Decode(ReadOnlySpan<byte> encodedFrame, ImageDescription description, Span<byte> nativeFrame)
    {
        try
        {
            JpegLsDecoder.Decode(encodedFrame, description, nativeFrame);
            return description with { PlanarConfiguration = 0 };
        }
        catch (Exception e) when (NativeCodecLibrary.IsMissing(e))
        {
            throw NativeCodecLibrary.Missing(TransferSyntax, NativeCodecLibrary.CharLS, NativeCodecLibrary.CharLSPackage, e);
        }
    }

    public ImageDescription Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, CodecParameters parameters, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        try
        {
            JpegLsEncoder.Encode(nativeFrame, description, NearLossless(parameters), output);
            return description with { PlanarConfiguration = 0 };
        }
        catch (Exception e) when (NativeCodecLibrary.IsMissing(e))
        {
            throw NativeCodecLibrary.Missing(TransferSyntax, NativeCodecLibrary.CharLS, NativeCodecLibrary.CharLSPackage, e);
        }
    }

    private int NearLossless(CodecParameters parameters) =>
        TransferSyntax == TransferSyntax.JPEGLSLossless ? 0 : parameters.NearLosslessError ?? DefaultNearLosslessError;
}
