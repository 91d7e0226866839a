using System.Buffers;
using System.Buffers.Binary;

namespace DicomHub.Dicom.Imaging.Codecs.Rle;

/// <summary>
/// Writes one RLE Lossless frame (PS3.5 G.3): the 64-byte header of segment offsets, then each segment
/// PackBits-coded row by row (runs never cross a row), padded to even length.
/// </summary>
internal static class RleEncoder
{
    private const int MaxRun = 128;

    public static void Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, IBufferWriter<byte> output)
    {
        var layout = new RleLayout(description);
        if (nativeFrame.Length < description.FrameLength)
        {
            throw new DicomImagingException($"The frame is {nativeFrame.Length} bytes; the image description needs {description.FrameLength}.");
        }

        // Worst case per row: every 128 bytes cost one header byte; plus one padding byte per segment.
        var worstRow = layout.Columns + ((layout.Columns + MaxRun - 1) / MaxRun);
        var worstCase = RleLayout.HeaderLength + (layout.SegmentCount * (((long)worstRow * layout.Rows) + 1));
        var destination = output.GetSpan(checked((int)worstCase));
        destination[..RleLayout.HeaderLength].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)layout.SegmentCount);

        var row = ArrayPool<byte>.Shared.Rent(layout.Columns);
        try
        {
            var position = RleLayout.HeaderLength;
            for (var segment = 0; segment < layout.SegmentCount; segment++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(destination[(4 + (segment * 4))..], (uint)position);
                var start = position;
                var source = layout.FirstByte(segment);
                var stride = layout.Stride;
                for (var y = 0; y < layout.Rows; y++)
                {
                    var rowBytes = row.AsSpan(0, layout.Columns);
                    if (stride == 1)
                    {
                        nativeFrame.Slice(source, layout.Columns).CopyTo(rowBytes);
                        source += layout.Columns;
                    }
                    else
                    {
                        for (var x = 0; x < rowBytes.Length; x++)
                        {
                            rowBytes[x] = nativeFrame[source];
                            source += stride;
                        }
                    }

                    position += PackRow(rowBytes, destination[position..]);
                }

                if (((position - start) & 1) == 1)
                {
                    destination[position++] = 0;
                }
            }

            output.Advance(position);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
        }
    }

    /// <summary>
    /// PackBits one row: runs of three or more equal bytes become replicate runs (-n+1, value), everything
    /// else literal runs (n-1, bytes); both at most 128 bytes. A pair stays in a literal: as a replicate run
    /// it would cost the same two bytes but split the literal around it.
    /// </summary>
    internal static int PackRow(ReadOnlySpan<byte> row, Span<byte> destination)
    {
        var written = 0;
        var i = 0;
        while (i < row.Length)
        {
            var run = RunLength(row, i);
            if (run >= 3 || (run == 2 && i + 2 == row.Length))
            {
                destination[written++] = (byte)(1 - run);
                destination[written++] = row[i];
                i += run;
                continue;
            }

            var start = i;
            while (i < row.Length && i - start < MaxRun)
            {
                if (i + 2 < row.Length && row[i] == row[i + 1] && row[i] == row[i + 2])
                {
                    break;
                }

                i++;
            }

            var count = i - start;
            destination[written++] = (byte)(count - 1);
            row.Slice(start, count).CopyTo(destination[written..]);
            written += count;
        }

        return written;
    }

    private static int RunLength(ReadOnlySpan<byte> row, int start)
    {
        var window = row.Slice(start, Math.Min(MaxRun, row.Length - start));
        var different = window.IndexOfAnyExcept(window[0]);
        return different < 0 ? window.Length : different;
    }
}
