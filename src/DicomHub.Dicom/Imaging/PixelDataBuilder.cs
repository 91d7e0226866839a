using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Imaging;

/// <summary>
/// Builds Pixel Data (7FE0,0010): native (frames in one value, padded to even length) or encapsulated
/// (one fragment per frame, each padded to even length, with a Basic Offset Table, or an Extended Offset
/// Table when the offsets do not fit 32 bits).
/// </summary>
public static class PixelDataBuilder
{
    /// <summary>OB for samples of 8 bits or fewer, OW above (PS3.5 A.2 allows OB only up to 8 bits).</summary>
    public static DicomVR NativeVR(ImageDescription description) =>
        description.BitsAllocated <= 8 ? DicomVR.OB : DicomVR.OW;

    /// <summary>A native Pixel Data element holding <paramref name="frames"/> (each <see cref="ImageDescription.FrameLength"/> bytes).</summary>
    public static DicomElement CreateNative(ImageDescription description, IEnumerable<ReadOnlyMemory<byte>> frames)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(frames);
        var length = description.NativeLength;
        var bytes = new byte[checked((int)(length + (length & 1)))];
        var count = 0;
        foreach (var frame in frames)
        {
            if (count == description.NumberOfFrames)
            {
                throw new ArgumentException($"More frames than the {description.NumberOfFrames} the description declares.", nameof(frames));
            }

            if (frame.Length != description.FrameLength)
            {
                throw new ArgumentException($"Frame {count} is {frame.Length} bytes; the description needs {description.FrameLength}.", nameof(frames));
            }

            CopyFrame(frame.Span, bytes, count * description.FrameLengthInBits, description.FrameLengthInBits);
            count++;
        }

        if (count != description.NumberOfFrames)
        {
            throw new ArgumentException($"{count} frame(s) given; the description declares {description.NumberOfFrames}.", nameof(frames));
        }

        return new DicomElement(DicomTags.PixelData, NativeVR(description), bytes);
    }

    /// <summary>Encapsulated Pixel Data with one fragment per frame and a Basic Offset Table (empty when the offsets exceed 32 bits).</summary>
    public static DicomFragmentSequence CreateEncapsulated(IEnumerable<ReadOnlyMemory<byte>> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var fragments = frames.Select(PadToEven).ToList();
        var offsets = Offsets(fragments);
        var basicOffsetTable = offsets[^1] > uint.MaxValue ? MemoryByteBuffer.Empty : new MemoryByteBuffer(BasicOffsetTableBytes(offsets));
        return new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, basicOffsetTable, fragments.Select(f => (IByteBuffer)new MemoryByteBuffer(f)));
    }

    /// <summary>
    /// Sets encapsulated Pixel Data on <paramref name="dataset"/>; when the Basic Offset Table cannot hold the
    /// offsets it adds the Extended Offset Table and Lengths, otherwise removes stale ones.
    /// </summary>
    public static void SetEncapsulated(DicomDataset dataset, IEnumerable<ReadOnlyMemory<byte>> frames)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var sequence = CreateEncapsulated(frames);
        dataset.Remove(DicomTags.ExtendedOffsetTable);
        dataset.Remove(DicomTags.ExtendedOffsetTableLengths);
        if (sequence.BasicOffsetTable.Length == 0 && sequence.Fragments.Count > 1)
        {
            var offsets = Offsets(sequence.Fragments.Select(f => f.Memory).ToList());
            dataset.AddOrUpdate(new DicomElement(DicomTags.ExtendedOffsetTable, DicomVR.OV, ExtendedOffsetTable.Write(offsets[..^1])));
            dataset.AddOrUpdate(new DicomElement(DicomTags.ExtendedOffsetTableLengths, DicomVR.OV, ExtendedOffsetTable.Write(sequence.Fragments.Select(f => (ulong)f.Length).ToList())));
        }

        dataset.AddOrUpdate(sequence);
    }

    private static ReadOnlyMemory<byte> PadToEven(ReadOnlyMemory<byte> fragment)
    {
        if ((fragment.Length & 1) == 0)
        {
            return fragment;
        }

        var padded = new byte[fragment.Length + 1];
        fragment.CopyTo(padded);
        return padded;
    }

    /// <summary>Offsets of each fragment item from the first, item headers included; the last entry is the total.</summary>
    private static ulong[] Offsets(List<ReadOnlyMemory<byte>> fragments)
    {
        var offsets = new ulong[fragments.Count + 1];
        for (var i = 0; i < fragments.Count; i++)
        {
            offsets[i + 1] = offsets[i] + 8 + (ulong)fragments[i].Length;
        }

        return offsets;
    }

    private static byte[] BasicOffsetTableBytes(ulong[] offsets)
    {
        var bytes = new byte[(offsets.Length - 1) * 4];
        for (var i = 0; i < offsets.Length - 1; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), (uint)offsets[i]);
        }

        return bytes;
    }

    /// <summary>Copies a frame to a bit position: byte copies for whole bytes, bit packing for 1-bit frames.</summary>
    private static void CopyFrame(ReadOnlySpan<byte> frame, Span<byte> destination, long firstBit, long bits)
    {
        if (firstBit % 8 == 0 && bits % 8 == 0)
        {
            frame[..(int)(bits / 8)].CopyTo(destination[(int)(firstBit / 8)..]);
            return;
        }

        for (long bit = 0; bit < bits; bit++)
        {
            if ((frame[(int)(bit >> 3)] & (1 << (int)(bit & 7))) != 0)
            {
                var target = firstBit + bit;
                destination[(int)(target >> 3)] |= (byte)(1 << (int)(target & 7));
            }
        }
    }
}
