using System.Buffers;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Imaging.Codecs;

/// <summary>
/// Compresses and decompresses single frames of one encapsulated transfer syntax. A native frame is
/// <see cref="ImageDescription.FrameLength"/> bytes laid out as the description says (little-endian samples,
/// Planar Configuration honoured). Implementations are stateless and safe to share between threads; they are
/// registered in DI (<see cref="CodecServiceCollectionExtensions.AddDicomCodecs"/>) and found through
/// <see cref="CodecRegistry"/>.
/// </summary>
public interface ITransferSyntaxCodec
{
    TransferSyntax TransferSyntax { get; }

    /// <summary>False for a decode-only codec (for example HTJ2K where the library cannot encode).</summary>
    bool CanEncode => true;

    /// <summary>
    /// Appends the compressed form of <paramref name="nativeFrame"/> to <paramref name="output"/> (not padded
    /// to even length) and returns the Image Pixel description of the compressed image: a codec may change the
    /// Photometric Interpretation (RGB to YBR_FULL_422 for JPEG Baseline, YBR_RCT/YBR_ICT for JPEG 2000), and
    /// the Planar Configuration of a compressed colour image is 0.
    /// </summary>
    /// <exception cref="NotSupportedException">The codec cannot represent this kind of image (for example 32-bit JPEG).</exception>
    ImageDescription Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, CodecParameters parameters, IBufferWriter<byte> output);

    /// <summary>
    /// Decompresses one frame into <paramref name="nativeFrame"/>, which is exactly
    /// <see cref="ImageDescription.FrameLength"/> bytes of <paramref name="description"/> with colour by pixel
    /// when the codec says so. Returns the description of what was written: the Photometric Interpretation of
    /// the output (a JPEG decoder converts YBR_FULL_422 to RGB) and its Planar Configuration.
    /// </summary>
    /// <exception cref="DicomImagingException">The compressed data is corrupt or does not match the description.</exception>
    ImageDescription Decode(ReadOnlySpan<byte> encodedFrame, ImageDescription description, Span<byte> nativeFrame);

    /// <summary>
    /// The Lossy Image Compression Method (0028,2114) term when encoding with <paramref name="parameters"/>
    /// loses information ("ISO_10918_1", "ISO_14495_1", "ISO_15444_1", "ISO_15444_15"), null when lossless.
    /// </summary>
    string? LossyMethod(CodecParameters parameters) => null;
}
