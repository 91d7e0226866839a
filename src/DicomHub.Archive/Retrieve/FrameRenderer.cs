using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;

namespace DicomHub.Archive.Retrieve;

/// <summary>A window (PS3.3 C.11.2.1.2): center and width in modality units (after rescale).</summary>
public readonly record struct WindowLevel(double Center, double Width);

/// <summary>An 8-bit image ready for a PNG/JPEG encoder: one byte per pixel (gray) or three (RGB).</summary>
public sealed record RenderedFrame(int Width, int Height, bool IsColor, byte[] Pixels);

/// <summary>
/// Turns one native frame into displayable 8-bit pixels: Modality LUT (rescale slope/intercept), then a
/// linear VOI window (the request's, else the first stored Window Center/Width, else the frame's range),
/// MONOCHROME1 inverted; RGB passed through (planar configuration undone).
/// </summary>
public static class FrameRenderer
{
    public static RenderedFrame Render(DicomDataset dataset, ReadOnlyMemory<byte> frame, WindowLevel? window = null)
    {
        var description = ImageDescription.FromDataset(dataset);
        var width = description.Columns;
        var height = description.Rows;
        var pixels = width * height;
        var bytes = frame.Span;
        if (description.SamplesPerPixel == 3)
        {
            if (description.BitsAllocated != 8)
            {
                throw new DicomImagingException($"Rendering colour images of {description.BitsAllocated} bits is not supported; 8 bits per sample is.");
            }

            var rgb = new byte[pixels * 3];
            if (description.PlanarConfiguration == 0)
            {
                bytes[..rgb.Length].CopyTo(rgb);
            }
            else
            {
                for (var i = 0; i < pixels; i++)
                {
                    rgb[i * 3] = bytes[i];
                    rgb[(i * 3) + 1] = bytes[pixels + i];
                    rgb[(i * 3) + 2] = bytes[(2 * pixels) + i];
                }
            }

            return new RenderedFrame(width, height, true, rgb);
        }

        var slope = dataset.GetDouble(DicomTags.RescaleSlope) ?? 1.0;
        var intercept = dataset.GetDouble(DicomTags.RescaleIntercept) ?? 0.0;
        var values = new double[pixels];
        var mask = description.BitsStored >= 32 ? uint.MaxValue : (1u << description.BitsStored) - 1;
        for (var i = 0; i < pixels; i++)
        {
            long raw = description.BitsAllocated switch
            {
                8 => bytes[i],
                16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]),
                32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]),
                _ => throw new DicomImagingException($"Rendering {description.BitsAllocated}-bit pixels is not supported."),
            };
            var stored = (uint)raw & mask;
            long value = stored;
            if (description.IsSigned && description.BitsStored < 64 && (stored & (1u << (description.BitsStored - 1))) != 0)
            {
                value = stored - (1L << description.BitsStored);
            }

            values[i] = (value * slope) + intercept;
        }

        var (center, widthValue) = window is { } w ? (w.Center, w.Width) : StoredWindow(dataset) ?? RangeWindow(values);
        var low = center - 0.5 - ((widthValue - 1) / 2);
        var span = Math.Max(widthValue - 1, 1e-9);
        var invert = description.PhotometricInterpretation == "MONOCHROME1";
        var gray = new byte[pixels];
        for (var i = 0; i < pixels; i++)
        {
            var scaled = Math.Clamp((values[i] - low) / span, 0, 1) * 255.0;
            var b = (byte)Math.Round(scaled);
            gray[i] = invert ? (byte)(255 - b) : b;
        }

        return new RenderedFrame(width, height, false, gray);
    }

    private static (double, double)? StoredWindow(DicomDataset dataset) =>
        dataset.GetDouble(DicomTags.WindowCenter) is { } c && dataset.GetDouble(DicomTags.WindowWidth) is { } w && w > 0 ? (c, w) : null;

    private static (double, double) RangeWindow(double[] values)
    {
        if (values.Length == 0)
        {
            return (0, 1);
        }

        var min = values.Min();
        var max = values.Max();
        return ((min + max) / 2, Math.Max(1, max - min + 1));
    }
}
