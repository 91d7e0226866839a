using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;

namespace DicomHub.Dicom.Imaging;

/// <summary>The fragments [First, First + Count) of one frame; Length trims padding when an Extended Offset Table gives it.</summary>
internal readonly record struct FrameFragments(int First, int Count, long? Length = null);

/// <summary>Maps frames to fragments (see <see cref="EncapsulatedPixelData"/> for the order of strategies).</summary>
internal static class FrameFragmentLocator
{
    /// <summary>Bytes of an item header (tag + length) in front of each fragment; offsets count them.</summary>
    private const int ItemHeaderLength = 8;

    public static FrameFragments[] Locate(DicomFragmentSequence sequence, ExtendedOffsetTable? extended, int frameCount)
    {
        var fragments = sequence.Fragments;
        var positions = new long[fragments.Count + 1];
        for (var i = 0; i < fragments.Count; i++)
        {
            positions[i + 1] = positions[i] + ItemHeaderLength + fragments[i].Length;
        }

        var basic = sequence.ReadOffsets();
        if (basic.Count == frameCount && FromOffsets(basic.Select(o => (long)o).ToArray(), positions, null) is { } fromBasic)
        {
            return fromBasic;
        }

        if (extended is not null && extended.Offsets.Length == frameCount && extended.Offsets.All(o => o <= long.MaxValue)
            && FromOffsets(extended.Offsets.Select(o => (long)o).ToArray(), positions, extended.Lengths.Length == frameCount ? extended.Lengths : null) is { } fromExtended)
        {
            return fromExtended;
        }

        if (fragments.Count == frameCount)
        {
            return Enumerable.Range(0, frameCount).Select(i => new FrameFragments(i, 1)).ToArray();
        }

        if (frameCount == 1)
        {
            return [new FrameFragments(0, fragments.Count)];
        }

        if (FromFrameStarts(fragments, frameCount) is { } fromMarkers)
        {
            return fromMarkers;
        }

        throw new DicomImagingException($"Cannot tell which of the {fragments.Count} fragments belong to which of the {frameCount} frames: the Basic Offset Table is empty or wrong, there is no Extended Offset Table, and the fragments do not start with recognisable frame headers.");
    }

    private static FrameFragments[]? FromOffsets(long[] offsets, long[] positions, ulong[]? lengths)
    {
        var result = new FrameFragments[offsets.Length];
        for (var frame = 0; frame < offsets.Length; frame++)
        {
            var first = Array.BinarySearch(positions, 0, positions.Length - 1, offsets[frame]);
            if (first < 0 || (frame > 0 && offsets[frame] <= offsets[frame - 1]))
            {
                return null; // an offset off a fragment boundary or out of order: the table is wrong
            }

            var end = frame + 1 < offsets.Length ? Array.BinarySearch(positions, offsets[frame + 1]) : positions.Length - 1;
            if (end <= first)
            {
                return null;
            }

            result[frame] = new FrameFragments(first, end - first, lengths is null ? null : (long)lengths[frame]);
        }

        return result;
    }

    /// <summary>Frames start at fragments that begin with a JPEG SOI, a JPEG 2000 SOC or an RLE header.</summary>
    private static FrameFragments[]? FromFrameStarts(List<IByteBuffer> fragments, int frameCount)
    {
        var starts = new List<int>();
        Span<byte> head = stackalloc byte[8];
        for (var i = 0; i < fragments.Count; i++)
        {
            var read = ReadHead(fragments[i], head);
            if (LooksLikeFrameStart(head[..read]))
            {
                starts.Add(i);
            }
        }

        if (starts.Count != frameCount || starts[0] != 0)
        {
            return null;
        }

        starts.Add(fragments.Count);
        return Enumerable.Range(0, frameCount).Select(f => new FrameFragments(starts[f], starts[f + 1] - starts[f])).ToArray();
    }

    private static bool LooksLikeFrameStart(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return true; // JPEG SOI followed by a marker
        }

        if (head.Length >= 4 && head[0] == 0xFF && head[1] == 0x4F && head[2] == 0xFF && head[3] == 0x51)
        {
            return true; // JPEG 2000 SOC + SIZ
        }

        // RLE: 1..15 segments, the first at offset 64.
        return head.Length == 8 && head[0] is >= 1 and <= 15 && head[1] == 0 && head[2] == 0 && head[3] == 0
            && head[4] == 64 && head[5] == 0 && head[6] == 0 && head[7] == 0;
    }

    private static int ReadHead(IByteBuffer buffer, Span<byte> head)
    {
        var length = (int)Math.Min(head.Length, buffer.Length);
        if (buffer.IsInMemory)
        {
            buffer.Memory.Span[..length].CopyTo(head);
            return length;
        }

        using var stream = buffer.OpenRead();
        stream.ReadExactly(head[..length]);
        return length;
    }
}
