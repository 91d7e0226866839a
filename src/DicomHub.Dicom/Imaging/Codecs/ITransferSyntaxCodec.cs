using System.Buffers;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Imaging.Codecs;

/// <summary>
/// Compresses and decompresses single frames of one encapsulated transfer syntax. A native frame is
/// <see cref="ImageDescription.FrameLength"/> bytes laid out as the description says (little-endian samples,
/// Planar Configuration honoured). Implementations are stateless and safe to share between threads.
/// </summary>
public interface ITransferSyntaxCodec
{
    TransferSyntax TransferSyntax { get; }

    /// <summary>Appends the compressed form of <paramref name="nativeFrame"/> to <paramref name="output"/> (not padded to even length).</summary>
    /// <exception cref="NotSupportedException">The codec cannot represent this kind of image (for example 32-bit JPEG).</exception>
    void Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, IBufferWriter<byte> output);

    /// <summary>Decompresses one frame into <paramref name="nativeFrame"/>, which is exactly <see cref="ImageDescription.FrameLength"/> bytes.</summary>
    /// <exception cref="DicomImagingException">The compressed data is corrupt or does not match the description.</exception>
    void Decode(ReadOnlySpan<byte> encodedFrame, ImageDescription description, Span<byte> nativeFrame);
}
