using System.Buffers;
using static DicomHub.Dicom.Imaging.Codecs.Native.CharLSNative;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLs;

/// <summary>
/// One native frame encoded by CharLS, colour sample-interleaved. Unsigned samples are coded with P = Bits Stored
/// (bits above it are not pixel data); signed ones with P = Bits Allocated, their two's complement pattern as
/// stored, as DCMTK's dcmcjpls and GDCM do, so every decoder returns the sign-extended values unchanged.
/// </summary>
internal static class JpegLsEncoder
{
    public static unsafe void Encode(ReadOnlySpan<byte> native, ImageDescription description, int nearLossless, IBufferWriter<byte> output)
    {
        if (description.BitsAllocated is not (8 or 16) || description.BitsStored < 2)
        {
            throw new NotSupportedException($"JPEG-LS holds 2 to 16 bits per sample; the image has Bits Allocated {description.BitsAllocated}, Bits Stored {description.BitsStored}.");
        }

        if (description.IsChromaSubsampled)
        {
            throw new NotSupportedException($"Chroma-subsampled {description.PhotometricInterpretation} native data cannot be JPEG-LS encoded; convert it to full resolution first.");
        }

        var bits = Precision(description);
        var maximum = (1 << bits) - 1;
        if (nearLossless < 0 || nearLossless > Math.Min(255, maximum / 2))
        {
            throw new NotSupportedException($"The JPEG-LS near-lossless error must be 0 to {Math.Min(255, maximum / 2)} for {bits}-bit samples; {nearLossless} was asked for.");
        }

        if (nearLossless > 0 && description.IsSigned)
        {
            // The bound would hold for the stored bit pattern, not the value: near the sign boundary a sample
            // could come back with the opposite sign (DCMTK's dcmcjpls refuses this too).
            throw new NotSupportedException($"JPEG-LS near-lossless compression of signed pixel data is not supported: the error bound holds for the unsigned bit pattern, so values near the sign boundary could flip sign. Use JPEG-LS lossless ({DicomHub.Dicom.Data.TransferSyntax.JPEGLSLossless.Uid}).");
        }

        if (native.Length < description.FrameLength)
        {
            throw new DicomImagingException($"The frame is {native.Length} bytes; the image description needs {description.FrameLength}.");
        }

        var samples = Prepare(native[..description.FrameLength], description, out var rented);
        var encoder = EncoderCreate();
        if (encoder == 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw new OutOfMemoryException("CharLS could not create a JPEG-LS encoder.");
        }

        byte[]? destination = null;
        try
        {
            var info = new FrameInfo
            {
                Width = (uint)description.Columns,
                Height = (uint)description.Rows,
                BitsPerSample = bits,
                ComponentCount = description.SamplesPerPixel,
            };
            Check(EncoderSetFrameInfo(encoder, info));
            Check(EncoderSetNearLossless(encoder, nearLossless));
            Check(EncoderSetInterleaveMode(encoder, description.SamplesPerPixel > 1 ? InterleaveSample : InterleaveNone));
            Check(EncoderGetEstimatedDestinationSize(encoder, out var estimate));
            destination = ArrayPool<byte>.Shared.Rent((int)estimate);
            fixed (byte* target = destination)
            fixed (byte* source = samples)
            {
                Check(EncoderSetDestinationBuffer(encoder, target, (nuint)destination.Length));
                Check(EncoderEncodeFromBuffer(encoder, source, (nuint)samples.Length, 0));
            }

            Check(EncoderGetBytesWritten(encoder, out var written));
            output.Write(destination.AsSpan(0, (int)written));
        }
        finally
        {
            EncoderDestroy(encoder);
            ArrayPool<byte>.Shared.Return(rented);
            if (destination is not null)
            {
                ArrayPool<byte>.Shared.Return(destination);
            }
        }
    }

    /// <summary>The JPEG-LS sample precision P for this image.</summary>
    public static int Precision(ImageDescription description) => description.IsSigned ? description.BitsAllocated : description.BitsStored;

    /// <summary>The samples as CharLS wants them: colour by pixel, P bits, one byte each up to 8 bits.</summary>
    private static Span<byte> Prepare(ReadOnlySpan<byte> native, ImageDescription description, out byte[] rented)
    {
        var bits = Precision(description);
        rented = ArrayPool<byte>.Shared.Rent(native.Length);
        var samples = rented.AsSpan(0, native.Length);
        if (description.SamplesPerPixel > 1 && description.PlanarConfiguration == 1)
        {
            FrameLayout.PlanarToInterleaved(native, samples, description.PixelsPerFrame, description.SamplesPerPixel, description.BytesPerSample);
            FrameLayout.MaskToBitsStored(samples, samples, description.BytesPerSample, bits);
        }
        else
        {
            FrameLayout.MaskToBitsStored(native, samples, description.BytesPerSample, bits);
        }

        if (description.BytesPerSample == 2 && bits <= 8)
        {
            var narrow = samples[..(samples.Length / 2)];
            FrameLayout.Narrow16To8(samples, narrow);
            return narrow;
        }

        return samples;
    }

    private static void Check(int error)
    {
        if (error != 0)
        {
            throw new DicomImagingException($"CharLS cannot encode this frame as JPEG-LS: {Message(error)} (CharLS error {error}).");
        }
    }
}
