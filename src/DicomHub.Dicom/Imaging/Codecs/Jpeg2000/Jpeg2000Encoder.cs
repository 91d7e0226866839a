using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using DicomHub.Dicom.Imaging.Codecs.Native;
using static DicomHub.Dicom.Imaging.Codecs.Native.OpenJpegNative;

namespace DicomHub.Dicom.Imaging.Codecs.Jpeg2000;

/// <summary>
/// One native frame encoded by OpenJPEG as a JPEG 2000 Part 1 codestream: one quality layer, LRCP, up to six
/// resolution levels (fewer for small images), Bits Stored bits per component with the image's sign.
/// </summary>
internal static unsafe class Jpeg2000Encoder
{
    public static ImageDescription Encode(ReadOnlySpan<byte> native, ImageDescription description, bool lossy, double ratio, string? requestedPhotometric, IBufferWriter<byte> output)
    {
        if (description.BitsAllocated is not (8 or 16) || description.BitsStored > 16)
        {
            throw new NotSupportedException($"JPEG 2000 encoding here takes 8 or 16 bits allocated (up to 16 stored); the image has {description.BitsAllocated} allocated, {description.BitsStored} stored.");
        }

        if (description.IsChromaSubsampled)
        {
            throw new NotSupportedException($"Chroma-subsampled {description.PhotometricInterpretation} native data cannot be JPEG 2000 encoded; convert it to full resolution first.");
        }

        if (native.Length < description.FrameLength)
        {
            throw new DicomImagingException($"The frame is {native.Length} bytes; the image description needs {description.FrameLength}.");
        }

        var photometric = EncodedPhotometric(description, lossy, requestedPhotometric);
        var transform = photometric is "YBR_RCT" or "YBR_ICT";
        var image = CreateImage(native, description);
        var codec = CreateCompress(CodecJ2k);
        var errors = new StringBuilder();
        var errorsHandle = GCHandle.Alloc(errors);
        var written = new MemoryStream();
        var writtenHandle = GCHandle.Alloc(written);
        nint stream = 0;
        try
        {
            OpenJpegStreams.CollectErrors(codec, errorsHandle);
            var parameters = new byte[CParametersSize];
            fixed (byte* p = parameters)
            {
                SetDefaultEncoderParameters(p);
                *(int*)(p + TcpNumLayers) = 1;
                *(float*)(p + TcpRates) = lossy ? (float)ratio : 0;
                *(int*)(p + CpDistoAlloc) = 1;
                *(int*)(p + Irreversible) = lossy ? 1 : 0;
                *(int*)(p + NumResolution) = Resolutions(description);
                *(int*)(p + ProgOrder) = ProgressionLrcp;
                p[TcpMct] = transform ? (byte)1 : (byte)0;
                Check(SetupEncoder(codec, p, image), errors, "set up the encoder");
            }

            stream = OpenJpegStreams.CreateOutput(writtenHandle);
            Check(StartCompress(codec, image, stream), errors, "start encoding");
            Check(OpenJpegNative.Encode(codec, stream), errors, "encode the frame");
            Check(EndCompress(codec, stream), errors, "finish encoding");
        }
        finally
        {
            if (stream != 0)
            {
                StreamDestroy(stream);
            }

            DestroyCodec(codec);
            ImageDestroy(image);
            errorsHandle.Free();
            writtenHandle.Free();
        }

        output.Write(written.GetBuffer().AsSpan(0, (int)written.Length));
        return description with { PhotometricInterpretation = photometric, PlanarConfiguration = 0 };
    }

    /// <summary>RGB gets the multi-component transform (YBR_RCT lossless, YBR_ICT lossy) unless "RGB" is asked for; other interpretations are kept.</summary>
    private static string EncodedPhotometric(ImageDescription description, bool lossy, string? requested)
    {
        if (description.SamplesPerPixel != 3 || description.PhotometricInterpretation != "RGB" || requested == "RGB")
        {
            if (requested is "YBR_RCT" or "YBR_ICT" && description.PhotometricInterpretation != "RGB")
            {
                throw new NotSupportedException($"The JPEG 2000 multi-component transform ({requested}) applies to RGB images; this one is {description.PhotometricInterpretation}.");
            }

            return description.PhotometricInterpretation;
        }

        return lossy ? "YBR_ICT" : "YBR_RCT";
    }

    /// <summary>Six resolution levels (five decompositions) as most encoders use, fewer when the image is too small for them.</summary>
    private static int Resolutions(ImageDescription description)
    {
        var levels = 6;
        while (levels > 1 && (1 << (levels - 1)) > Math.Min(description.Rows, description.Columns))
        {
            levels--;
        }

        return levels;
    }

    /// <summary>An opj_image_t holding the frame's samples as values: Bits Stored bits, two's complement when signed.</summary>
    private static Image* CreateImage(ReadOnlySpan<byte> native, ImageDescription description)
    {
        var samples = description.SamplesPerPixel;
        var parameters = stackalloc ComponentParameters[samples];
        for (var c = 0; c < samples; c++)
        {
            parameters[c] = new ComponentParameters
            {
                Dx = 1,
                Dy = 1,
                W = (uint)description.Columns,
                H = (uint)description.Rows,
                Prec = (uint)description.BitsStored,
                Sgnd = (uint)description.PixelRepresentation,
            };
        }

        var image = ImageCreate((uint)samples, parameters, samples == 3 ? ColorSpaceSrgb : ColorSpaceGray);
        if (image == null)
        {
            throw new OutOfMemoryException("OpenJPEG could not allocate the image to encode.");
        }

        image->X1 = (uint)description.Columns;
        image->Y1 = (uint)description.Rows;
        var pixels = description.PixelsPerFrame;
        var planar = samples > 1 && description.PlanarConfiguration == 1;
        var bits = description.BitsStored;
        var mask = bits >= 32 ? -1 : (int)((1u << bits) - 1);
        var shift = 32 - bits;
        for (var c = 0; c < samples; c++)
        {
            var data = image->Comps[c].Data;
            for (var i = 0; i < pixels; i++)
            {
                var index = planar ? (c * pixels) + i : (i * samples) + c;
                var raw = description.BytesPerSample == 1 ? native[index] : BinaryPrimitives.ReadUInt16LittleEndian(native[(index * 2)..]);
                data[i] = description.IsSigned ? (raw << shift) >> shift : raw & mask;
            }
        }

        return image;
    }

    private static void Check(int ok, StringBuilder errors, string step)
    {
        if (ok == 0)
        {
            var detail = errors.Length > 0 ? errors.ToString() : "no reason given";
            throw new DicomImagingException($"OpenJPEG could not {step} as JPEG 2000: {detail}.");
        }
    }
}
