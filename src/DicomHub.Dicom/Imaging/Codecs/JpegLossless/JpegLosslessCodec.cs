using System.Buffers;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// Lossless JPEG, Process 14: 1.2.840.10008.1.2.4.70 (Selection Value 1, the default) or
/// 1.2.840.10008.1.2.4.57 (any predictor). Both decode every predictor; encoding uses <see cref="Predictor"/>.
/// </summary>
public sealed class JpegLosslessCodec : ITransferSyntaxCodec
{
    public JpegLosslessCodec()
        : this(TransferSyntax.JPEGLosslessSV1, 1)
    {
    }

    public JpegLosslessCodec(TransferSyntax transferSyntax, int predictor)
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

    public void Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, IBufferWriter<byte> output) =>
        JpegLosslessEncoder.Encode(nativeFrame, description, Predictor, output);

    public void Decode(ReadOnlySpan<byte> encodedFrame, ImageDescription description, Span<byte> nativeFrame) =>
        JpegLosslessDecoder.Decode(encodedFrame, description, nativeFrame);
}
