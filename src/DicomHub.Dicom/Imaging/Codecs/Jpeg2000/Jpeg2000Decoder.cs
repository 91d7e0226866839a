using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using DicomHub.Dicom.Imaging.Codecs.Native;
using static DicomHub.Dicom.Imaging.Codecs.Native.OpenJpegNative;

namespace DicomHub.Dicom.Imaging.Codecs.Jpeg2000;

/// <summary>One JPEG 2000 (or HTJ2K) frame decoded by OpenJPEG into a native frame, colour by pixel.</summary>
internal static unsafe class Jpeg2000Decoder
{
    private static ReadOnlySpan<byte> Jp2Signature => [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20];

    public static ImageDescription Decode(ReadOnlySpan<byte> encoded, ImageDescription description, Span<byte> native)
    {
        if (description.BitsAllocated is not (8 or 16 or 32))
        {
            throw new NotSupportedException($"JPEG 2000 decodes into 8, 16 or 32 bits allocated; the image has {description.BitsAllocated}.");
        }

        if (native.Length < description.FrameLength)
        {
            throw new ArgumentException($"The destination is {native.Length} bytes; a frame needs {description.FrameLength}.", nameof(native));
        }

        // DICOM holds a bare codestream; a JP2 file in the fragment (a known encoder mistake) is read as JP2.
        var format = encoded.StartsWith(Jp2Signature) ? 2 : CodecJ2k;
        var codec = CreateDecompress(format);
        if (codec == 0)
        {
            throw new OutOfMemoryException("OpenJPEG could not create a JPEG 2000 decoder.");
        }

        var errors = new StringBuilder();
        var errorsHandle = GCHandle.Alloc(errors);
        Image* image = null;
        nint stream = 0;
        try
        {
            OpenJpegStreams.CollectErrors(codec, errorsHandle);
            var parameters = stackalloc byte[DParametersSize];
            SetDefaultDecoderParameters(parameters);
            Check(SetupDecoder(codec, parameters), errors, "set up the decoder");
            fixed (byte* data = encoded)
            {
                var input = new OpenJpegStreams.Input { Data = data, Length = encoded.Length };
                stream = OpenJpegStreams.CreateInput(&input);
                Check(ReadHeader(stream, codec, &image), errors, "read the codestream header");
                Check(OpenJpegNative.Decode(codec, stream, image), errors, "decode the frame");
                Check(EndDecompress(codec, stream), errors, "finish decoding");
            }

            CopySamples(image, description, native);
        }
        finally
        {
            if (stream != 0)
            {
                StreamDestroy(stream);
            }

            if (image != null)
            {
                ImageDestroy(image);
            }

            DestroyCodec(codec);
            errorsHandle.Free();
        }

        return description with
        {
            PhotometricInterpretation = OutputPhotometric(encoded, description),
            PlanarConfiguration = 0,
        };
    }

    /// <summary>
    /// OpenJPEG undoes the multi-component transform, so a frame coded with it (COD's MCT byte, or a data set
    /// that says YBR_RCT/YBR_ICT) comes out RGB; anything else keeps the data set's interpretation.
    /// </summary>
    private static string OutputPhotometric(ReadOnlySpan<byte> encoded, ImageDescription description)
    {
        if (description.SamplesPerPixel != 3)
        {
            return description.PhotometricInterpretation;
        }

        return description.PhotometricInterpretation is "YBR_RCT" or "YBR_ICT" || UsesMultiComponentTransform(encoded)
            ? "RGB"
            : description.PhotometricInterpretation;
    }

    /// <summary>The MCT flag of the main header's COD marker segment (FF52: Lcod, Scod, SGcod = progression, layers(2), MCT).</summary>
    private static bool UsesMultiComponentTransform(ReadOnlySpan<byte> encoded)
    {
        var start = encoded.IndexOf([(byte)0xFF, (byte)0x4F]);
        if (start < 0)
        {
            return false;
        }

        for (var i = start + 2; i + 4 <= encoded.Length;)
        {
            if (encoded[i] != 0xFF)
            {
                return false;
            }

            var marker = encoded[i + 1];
            if (marker == 0x90)
            {
                return false; // SOT: the main header is over
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(encoded[(i + 2)..]);
            if (marker == 0x52)
            {
                return i + 8 < encoded.Length && encoded[i + 8] != 0;
            }

            i += 2 + length;
        }

        return false;
    }

    private static void CopySamples(Image* image, ImageDescription description, Span<byte> native)
    {
        if (image->NumComps != description.SamplesPerPixel)
        {
            throw new DicomImagingException($"The JPEG 2000 frame has {image->NumComps} component(s); the image description says {description.SamplesPerPixel} sample(s) per pixel.");
        }

        var width = description.Columns;
        var height = description.Rows;
        var samples = description.SamplesPerPixel;
        for (var c = 0; c < samples; c++)
        {
            var component = image->Comps[c];
            if (component.W != width || component.H != height || component.Dx != 1 || component.Dy != 1)
            {
                throw new DicomImagingException($"JPEG 2000 component {c} is {component.W} x {component.H} (sampled every {component.Dx} x {component.Dy}); the image description says {width} x {height}, and subsampled components are not supported.");
            }

            if (component.Prec > description.BitsAllocated)
            {
                throw new DicomImagingException($"JPEG 2000 component {c} has {component.Prec} bits; Bits Allocated is {description.BitsAllocated}.");
            }

            var data = component.Data;
            if (data == null)
            {
                throw new DicomImagingException($"OpenJPEG returned no samples for component {c}.");
            }

            var pixels = width * height;
            switch (description.BytesPerSample)
            {
                case 1:
                    for (var i = 0; i < pixels; i++)
                    {
                        native[(i * samples) + c] = (byte)data[i];
                    }

                    break;
                case 2:
                    for (var i = 0; i < pixels; i++)
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(native[(((i * samples) + c) * 2)..], (ushort)data[i]);
                    }

                    break;
                default:
                    for (var i = 0; i < pixels; i++)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(native[(((i * samples) + c) * 4)..], data[i]);
                    }

                    break;
            }
        }
    }

    private static void Check(int ok, StringBuilder errors, string step)
    {
        if (ok == 0)
        {
            var detail = errors.Length > 0 ? errors.ToString() : "no reason given";
            throw new DicomImagingException($"OpenJPEG could not {step} of the JPEG 2000 data: {detail}.");
        }
    }
}
