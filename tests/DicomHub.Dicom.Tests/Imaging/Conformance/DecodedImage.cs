using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;

namespace DicomHub.Dicom.Tests.Imaging.Conformance;

/// <summary>Native pixels and the description they follow, as a decoder (ours or a reference tool) produced them.</summary>
internal sealed record DecodedImage(ImageDescription Description, byte[] Pixels)
{
    public static DecodedImage FromDataset(DicomDataset dataset)
    {
        var description = ImageDescription.FromDataset(dataset);
        var bytes = dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray();
        return new DecodedImage(description, bytes[..(int)description.NativeLength]);
    }

    /// <summary>The samples colour-by-pixel whatever the planar configuration, as values (sign applied, bits above Bits Stored ignored).</summary>
    public int[] Samples() => Samples(Description.BitsStored);

    /// <summary>The samples read with <paramref name="bitsStored"/> bits.</summary>
    public int[] Samples(int bitsStored)
    {
        var d = Description with { BitsStored = bitsStored };
        var result = new int[d.PixelsPerFrame * d.SamplesPerPixel * d.NumberOfFrames];
        var frame = new byte[d.FrameLength];
        var index = 0;
        for (var f = 0; f < d.NumberOfFrames; f++)
        {
            var source = Pixels.AsSpan(f * d.FrameLength, d.FrameLength);
            if (d.SamplesPerPixel > 1 && d.PlanarConfiguration == 1)
            {
                FrameLayout.PlanarToInterleaved(source, frame, d.PixelsPerFrame, d.SamplesPerPixel, d.BytesPerSample);
                source = frame;
            }

            for (var i = 0; i < d.PixelsPerFrame * d.SamplesPerPixel; i++)
            {
                var raw = d.BytesPerSample == 1 ? source[i] : BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]);
                var shift = 32 - d.BitsStored;
                result[index++] = d.IsSigned ? (raw << shift) >> shift : (int)((uint)(raw << shift) >> shift);
            }
        }

        return result;
    }

    /// <summary>The largest difference between two images' samples (they must have the same geometry).</summary>
    public static int MaxError(DecodedImage expected, DecodedImage actual)
    {
        var bits = Math.Min(expected.Description.BitsStored, actual.Description.BitsStored);
        var a = expected.Samples(bits);
        var b = actual.Samples(bits);
        Assert.Equal(a.Length, b.Length);
        var max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    /// <summary>Same rows, columns, samples, bits, sign, Photometric Interpretation and samples (planar configuration may differ).</summary>
    public static void AssertSame(DecodedImage expected, DecodedImage actual, string what)
    {
        var e = expected.Description;
        var a = actual.Description;
        // Bits Stored is not compared: gdcmconv --raw rewrites it from the JPEG 2000 header's precision (16 for
        // its own 12-bit encodes); the samples and bytes below are.
        Assert.Equal((e.Rows, e.Columns, e.SamplesPerPixel, e.BitsAllocated, e.PixelRepresentation, e.NumberOfFrames), (a.Rows, a.Columns, a.SamplesPerPixel, a.BitsAllocated, a.PixelRepresentation, a.NumberOfFrames));
        Assert.Equal(e.PhotometricInterpretation, a.PhotometricInterpretation);
        var difference = MaxError(expected, actual);
        Assert.True(difference == 0, $"{what}: samples differ by up to {difference}");
        if (e.PlanarConfiguration == a.PlanarConfiguration || e.SamplesPerPixel == 1)
        {
            // Bit-exact: the bytes too, bits above Bits Stored (sign extension) included.
            Assert.True(expected.Pixels.AsSpan().SequenceEqual(actual.Pixels), $"{what}: same sample values but different bytes (bits above Bits Stored)");
        }
    }
}
