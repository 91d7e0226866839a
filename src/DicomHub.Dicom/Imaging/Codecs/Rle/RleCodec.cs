using System.Buffers;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Imaging.Codecs.Rle;

/// <summary>RLE Lossless (1.2.840.10008.1.2.5, PS3.5 Annex G).</summary>
public sealed class RleCodec : ITransferSyntaxCodec
{
    public TransferSyntax TransferSyntax => TransferSyntax.RLELossless;

    public ImageDescription Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, CodecParameters parameters, IBufferWriter<byte> output)
    {
        RleEncoder.Encode(nativeFrame, description, output);
        return description with { PlanarConfiguration = 0 };
    }

    public ImageDescription Decode(ReadOnlySpan<byte> encodedFrame, ImageDescription description, Span<byte> nativeFrame)
    {
        RleDecoder.Decode(encodedFrame, description, nativeFrame);
        return description;
    }
}
