using DicomHub.Dicom.Data.Buffers;

namespace DicomHub.Dicom.Data;

/// <summary>
/// Encapsulated Pixel Data (PS3.5 A.4): a Basic Offset Table item (possibly empty) followed by fragments,
/// each a compressed frame or part of one. Kept as fragments so compressed data passes through untouched.
/// </summary>
public sealed class DicomFragmentSequence(DicomTag tag, DicomVR vr, IByteBuffer basicOffsetTable, IEnumerable<IByteBuffer> fragments)
    : DicomItem(tag, vr)
{
    public DicomFragmentSequence(DicomTag tag, DicomVR vr)
        : this(tag, vr, MemoryByteBuffer.Empty, [])
    {
    }

    /// <summary>The first item's bytes: 32-bit offsets of each frame's first fragment, or empty.</summary>
    public IByteBuffer BasicOffsetTable { get; set; } = basicOffsetTable;

    public List<IByteBuffer> Fragments { get; } = [.. fragments];

    /// <summary>The Basic Offset Table as numbers (empty when the table is empty).</summary>
    public IReadOnlyList<uint> ReadOffsets()
    {
        var bytes = BasicOffsetTable.Memory.Span;
        var offsets = new uint[bytes.Length / 4];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
        }

        return offsets;
    }

    public override string ToString() => $"{Tag} {VR.Code()} encapsulated ({Fragments.Count} fragments)";
}
