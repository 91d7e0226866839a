using System.Buffers;
using static DicomHub.Dicom.Imaging.Codecs.Native.CharLSNative;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLs;

/// <summary>
/// One JPEG-LS frame decoded by CharLS into a native frame, colour by pixel. Samples are written as coded:
/// a frame coded with P = Bits Stored below Bits Allocated is not sign-extended, as dcmdjpls and gdcmconv do not.
/// </summary>
internal static class JpegLsDecoder
{
    public static unsafe void Decode(ReadOnlySpan<byte> encoded, ImageDescription description, Span<byte> native)
    {
        if (description.BitsAllocated is not (8 or 16))
        {
            throw new NotSupportedException($"JPEG-LS decodes into 8 or 16 bits allocated; the image has {description.BitsAllocated}.");
        }

        var decoder = DecoderCreate();
        if (decoder == 0)
        {
            throw new OutOfMemoryException("CharLS could not create a JPEG-LS decoder.");
        }

        try
        {
            fixed (byte* source = encoded)
            {
                Check(DecoderSetSourceBuffer(decoder, source, (nuint)encoded.Length));
                Check(DecoderReadHeader(decoder));
                Check(DecoderGetFrameInfo(decoder, out var info));
                Check(DecoderGetInterleaveMode(decoder, out var interleave));
                CheckMatches(info, description);
                Check(DecoderGetDestinationSize(decoder, 0, out var size));

                var charlsBytes = info.BitsPerSample <= 8 ? 1 : 2;
                var direct = charlsBytes == description.BytesPerSample && (interleave != InterleaveNone || info.ComponentCount == 1);
                if (direct)
                {
                    if ((int)size != description.FrameLength)
                    {
                        throw new DicomImagingException($"The JPEG-LS frame decodes to {size} bytes; the image description needs {description.FrameLength}.");
                    }

                    fixed (byte* destination = native)
                    {
                        Check(DecoderDecodeToBuffer(decoder, destination, size, 0));
                    }
                }
                else
                {
                    DecodeVia(decoder, size, charlsBytes, interleave, info.ComponentCount, description, native);
                }
            }
        }
        finally
        {
            DecoderDestroy(decoder);
        }
    }

    /// <summary>Decodes into a scratch buffer, then interleaves planes and widens 8-bit samples into 16-bit cells as needed.</summary>
    private static unsafe void DecodeVia(nint decoder, nuint size, int charlsBytes, int interleave, int components, ImageDescription description, Span<byte> native)
    {
        var scratch = ArrayPool<byte>.Shared.Rent((int)size);
        try
        {
            fixed (byte* destination = scratch)
            {
                Check(DecoderDecodeToBuffer(decoder, destination, size, 0));
            }

            var decoded = scratch.AsSpan(0, (int)size);
            var pixels = description.PixelsPerFrame;
            if (interleave == InterleaveNone && components > 1)
            {
                var interleaved = new byte[decoded.Length];
                FrameLayout.PlanarToInterleaved(decoded, interleaved, pixels, components, charlsBytes);
                interleaved.CopyTo(decoded);
            }

            if (charlsBytes == description.BytesPerSample)
            {
                decoded.CopyTo(native);
            }
            else if (charlsBytes == 1)
            {
                FrameLayout.Widen8To16(decoded, native[..description.FrameLength]);
            }
            else
            {
                throw new DicomImagingException($"The JPEG-LS frame holds more than 8 bits per sample; Bits Allocated is {description.BitsAllocated}.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static void CheckMatches(FrameInfo info, ImageDescription description)
    {
        if (info.Width != description.Columns || info.Height != description.Rows || info.ComponentCount != description.SamplesPerPixel)
        {
            throw new DicomImagingException($"The JPEG-LS frame is {info.Width} x {info.Height} with {info.ComponentCount} component(s); the image description says {description.Columns} x {description.Rows} with {description.SamplesPerPixel} sample(s) per pixel.");
        }

        if (info.BitsPerSample > description.BitsAllocated)
        {
            throw new DicomImagingException($"The JPEG-LS frame has {info.BitsPerSample} bits per sample; Bits Allocated is {description.BitsAllocated}.");
        }
    }

    private static void Check(int error)
    {
        if (error != 0)
        {
            throw new DicomImagingException($"The JPEG-LS data cannot be decoded: {Message(error)} (CharLS error {error}).");
        }
    }
}
