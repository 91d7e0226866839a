using System.Buffers;
using System.Buffers.Binary;

namespace DicomHub.Dicom.Imaging.Codecs.Rle;

/// <summary>
/// Reads one RLE Lossless frame (PS3.5 G.4): checks the header against the image description, then expands
/// each segment into its byte plane of the native frame. Runs may cross rows (some encoders do that).
/// </summary>
internal static class RleDecoder
{
    public static void Decode(ReadOnlySpan<byte> encoded, ImageDescription description, Span<byte> nativeFrame)
    {
        var layout = new RleLayout(description);
        if (nativeFrame.Length < description.FrameLength)
        {
            throw new ArgumentException($"The destination is {nativeFrame.Length} bytes; a frame needs {description.FrameLength}.", nameof(nativeFrame));
        }

        if (encoded.Length < RleLayout.HeaderLength)
        {
            throw new DicomImagingException($"The RLE frame is {encoded.Length} bytes, shorter than its 64-byte header.");
        }

        var segmentCount = BinaryPrimitives.ReadUInt32LittleEndian(encoded);
        if (segmentCount != layout.SegmentCount)
        {
            throw new DicomImagingException($"The RLE header declares {segmentCount} segments; {description.SamplesPerPixel} sample(s) of {description.BitsAllocated} bits need {layout.SegmentCount}.");
        }

        var scratch = layout.Stride == 1 ? null : ArrayPool<byte>.Shared.Rent(layout.SegmentLength);
        try
        {
            for (var segment = 0; segment < layout.SegmentCount; segment++)
            {
                var start = BinaryPrimitives.ReadUInt32LittleEndian(encoded[(4 + (segment * 4))..]);
                var end = segment + 1 < layout.SegmentCount ? BinaryPrimitives.ReadUInt32LittleEndian(encoded[(8 + (segment * 4))..]) : (uint)encoded.Length;
                if (start < RleLayout.HeaderLength || end < start || end > encoded.Length)
                {
                    throw new DicomImagingException($"RLE segment {segment + 1} spans bytes {start} to {end} of a {encoded.Length}-byte frame: the header is corrupt.");
                }

                var first = layout.FirstByte(segment);
                if (scratch is null)
                {
                    Expand(encoded[(int)start..(int)end], nativeFrame.Slice(first, layout.SegmentLength), segment);
                }
                else
                {
                    var plane = scratch.AsSpan(0, layout.SegmentLength);
                    Expand(encoded[(int)start..(int)end], plane, segment);
                    Scatter(plane, nativeFrame[first..], layout.Stride);
                }
            }
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>PackBits expansion; stops when the plane is full, so a segment's padding byte is ignored.</summary>
    internal static void Expand(ReadOnlySpan<byte> segment, Span<byte> plane, int segmentIndex)
    {
        var read = 0;
        var written = 0;
        while (written < plane.Length)
        {
            if (read >= segment.Length)
            {
                throw new DicomImagingException($"RLE segment {segmentIndex + 1} ends after {written} of {plane.Length} bytes: the frame is truncated or corrupt.");
            }

            var header = (sbyte)segment[read++];
            if (header >= 0)
            {
                var count = header + 1;
                if (read + count > segment.Length || written + count > plane.Length)
                {
                    throw new DicomImagingException($"RLE segment {segmentIndex + 1} has a literal run of {count} bytes at byte {read - 1} that overruns the segment or the plane.");
                }

                segment.Slice(read, count).CopyTo(plane[written..]);
                read += count;
                written += count;
            }
            else if (header != -128)
            {
                var count = 1 - header;
                if (read >= segment.Length || written + count > plane.Length)
                {
                    throw new DicomImagingException($"RLE segment {segmentIndex + 1} has a replicate run of {count} bytes at byte {read - 1} that overruns the segment or the plane.");
                }

                plane.Slice(written, count).Fill(segment[read++]);
                written += count;
            }

            // -128 is a no-op (PS3.5 G.3.1).
        }
    }

    private static void Scatter(ReadOnlySpan<byte> plane, Span<byte> destination, int stride)
    {
        var position = 0;
        for (var i = 0; i < plane.Length; i++)
        {
            destination[position] = plane[i];
            position += stride;
        }
    }
}
