using System.Buffers.Binary;
using DicomHub.Dicom.Imaging;

namespace DicomHub.Dicom.Tests.Imaging;

/// <summary>
/// Deterministic pixel content that compresses like a real image: a smooth gradient, a few shapes with
/// sharp edges and mild noise. Signed data is sign-extended to Bits Allocated, as CT scanners store it.
/// </summary>
internal static class TestImages
{
    public static ImageDescription Mono(int rows, int columns, int bitsAllocated, int bitsStored, bool signed = false, int frames = 1) => new()
    {
        Rows = rows,
        Columns = columns,
        BitsAllocated = bitsAllocated,
        BitsStored = bitsStored,
        HighBit = bitsStored - 1,
        PixelRepresentation = signed ? 1 : 0,
        NumberOfFrames = frames,
    };

    public static ImageDescription Rgb(int rows, int columns, int planarConfiguration = 0, int frames = 1, int bitsAllocated = 8) => new()
    {
        Rows = rows,
        Columns = columns,
        SamplesPerPixel = 3,
        BitsAllocated = bitsAllocated,
        BitsStored = bitsAllocated,
        HighBit = bitsAllocated - 1,
        PhotometricInterpretation = "RGB",
        PlanarConfiguration = planarConfiguration,
        NumberOfFrames = frames,
    };

    /// <summary>One native frame for the description; <paramref name="frame"/> shifts the shapes so frames differ.</summary>
    public static byte[] Frame(ImageDescription description, int seed, int frame = 0)
    {
        var random = new Random(seed + (frame * 7919));
        var bytes = new byte[description.FrameLength];
        var bytesPerSample = description.BitsAllocated / 8;
        var bitsStored = description.BitsStored;
        long min = description.IsSigned ? -(1L << (bitsStored - 1)) : 0;
        long max = description.IsSigned ? (1L << (bitsStored - 1)) - 1 : (1L << bitsStored) - 1;
        var range = max - min;
        var pixels = description.PixelsPerFrame;
        for (var sample = 0; sample < description.SamplesPerPixel; sample++)
        {
            for (var y = 0; y < description.Rows; y++)
            {
                for (var x = 0; x < description.Columns; x++)
                {
                    var value = Value(description, x, y, sample, frame, random);
                    var stored = Math.Clamp(min + (long)(value * range), min, max);
                    var index = description.PlanarConfiguration == 1
                        ? (sample * pixels) + (y * description.Columns) + x
                        : (((y * description.Columns) + x) * description.SamplesPerPixel) + sample;
                    Write(bytes.AsSpan(index * bytesPerSample, bytesPerSample), stored);
                }
            }
        }

        return bytes;
    }

    /// <summary>All frames of the description, concatenated as native Pixel Data holds them.</summary>
    public static byte[] Frames(ImageDescription description, int seed)
    {
        var all = new byte[description.FrameLength * description.NumberOfFrames];
        for (var f = 0; f < description.NumberOfFrames; f++)
        {
            Frame(description, seed, f).CopyTo(all, f * description.FrameLength);
        }

        return all;
    }

    private static double Value(ImageDescription d, int x, int y, int sample, int frame, Random random)
    {
        // Background gradient, darker towards the corners, different per colour sample.
        var u = (double)x / d.Columns;
        var v = (double)y / d.Rows;
        var value = 0.2 + (0.35 * u) + (0.25 * v * (sample + 1) / d.SamplesPerPixel);

        // A disc and a rectangle with hard edges, moving with the frame number.
        var cx = (0.4 + (0.03 * frame)) * d.Columns;
        var cy = 0.5 * d.Rows;
        var r = 0.25 * Math.Min(d.Rows, d.Columns);
        if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < r * r)
        {
            value += 0.3 - (0.1 * sample);
        }

        if (x > d.Columns * 0.7 && x < d.Columns * 0.9 && y > d.Rows * 0.1 && y < d.Rows * 0.3)
        {
            value = 0.02;
        }

        // Mild noise: a few grey levels, as a detector would add.
        value += (random.NextDouble() - 0.5) * 0.01;
        return Math.Clamp(value, 0, 1);
    }

    private static void Write(Span<byte> destination, long value)
    {
        switch (destination.Length)
        {
            case 1: destination[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)value); break;
            default: throw new ArgumentOutOfRangeException(nameof(destination));
        }
    }
}
