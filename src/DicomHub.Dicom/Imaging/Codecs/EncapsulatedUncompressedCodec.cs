using System.Buffers;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Imaging.Codecs;

/// <summary>Encapsulated Uncompressed Explicit VR Little Endian (1.2.840.10008.1.2.1.98): each fragment is a native frame.</summary>
public sealed class EncapsulatedUncompressedCodec : ITransferSyntaxCodec
{
    public TransferSyntax TransferSyntax => TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian;

    public ImageDescription Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, CodecParameters parameters, IBufferWriter<byte> output)
    {
        output.Write(nativeFrame[..description.FrameLength]);
        return description;
    }

    public ImageDescription Decode(ReadOnlySpan<byte> encodedFrame, ImageDescription description, Span<byte> nativeFrame)
    {
        if (encodedFrame.Length < description.FrameLength)
        {
            throw new DicomImagingException($"The encapsulated uncompressed frame is {encodedFrame.Length} bytes; the image description needs {description.FrameLength}.");
        }

        encodedFrame[..description.FrameLength].CopyTo(nativeFrame);
        return description;
    }
}
