using System.Buffers;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// Lossless JPEG, Process 14: 1.2.840.10008.1.2.4.70 (Selection Value 1, the default) or
/// 1.2.840.10008.1.2.4.57 (any predictor). Both decode every predictor; encoding uses
/// <see cref="CodecParameters.Predictor"/> when given (.4.57 only), else <see cref="Predictor"/>.
/// </summary>
public sealed class JpegLosslessCodec : ITransferSyntaxCodec
{
    public JpegLosslessCodec()
        : this(TransferSyntax.JPEGLosslessSV1, 1)
    {
    }

    public JpegLosslessCodec(TransferSyntax transferSyntax, int predictor = 1)
    {
        ArgumentNullException.ThrowIfNull(transferSyntax);
        if (transferSyntax != TransferSyntax.JPEGLosslessSV1 && transferSyntax != TransferSyntax.JPEGLossless)
        {
            throw new ArgumentException($"{transferSyntax.Name} is not a lossless JPEG Process 14 transfer syntax.", nameof(transferSyntax));
        }

        if (predictor is < 1 or > 7 || (transferSyntax == TransferSyntax.JPEGLosslessSV1 && predictor != 1))
        {
            throw new ArgumentOutOfRangeException(nameof(predictor), predictor, "Predictors are 1 to 7, and 1.2.840.10008.1.2.4.70 requires 1.");
        }

        TransferSyntax = transferSyntax;
        Predictor = predictor;
    }

    public TransferSyntax TransferSyntax { get; }

    public int Predictor { get; }

    public ImageDescription Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, CodecParameters parameters, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var predictor = parameters.Predictor ?? Predictor;
        if (TransferSyntax == TransferSyntax.JPEGLosslessSV1 && predictor != 1)
        {
            throw new NotSupportedException($"{TransferSyntax.Name} requires predictor (selection value) 1; predictor {predictor} needs {TransferSyntax.JPEGLossless.Name} ({TransferSyntax.JPEGLossless.Uid}).");
        }

        JpegLosslessEncoder.Encode(nativeFrame, description, predictor, output);
        return description with { PlanarConfiguration = 0 };
    }

    public ImageDescription Decode(ReadOnlySpan<byte> encodedFrame, ImageDescription description, Span<byte> nativeFrame)
    {
        JpegLosslessDecoder.Decode(encodedFrame, description, nativeFrame);
        return description;
    }
}
