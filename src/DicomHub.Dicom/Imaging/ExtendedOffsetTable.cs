using System.Buffers.Binary;

namespace DicomHub.Dicom.Imaging;

/// <summary>
/// Extended Offset Table (7FE0,0001) and its Lengths (7FE0,0002), both OV: per frame, the 64-bit offset of
/// its fragment item from the first fragment item, and the frame's length in bytes. Used with an empty
/// Basic Offset Table when 32-bit offsets are not enough (PS3.5 A.4, PS3.3 C.7.6.3.1.8).
/// </summary>
internal sealed record ExtendedOffsetTable(ulong[] Offsets, ulong[] Lengths)
{
    public static ExtendedOffsetTable Read(ReadOnlySpan<byte> offsets, ReadOnlySpan<byte> lengths) =>
        new(ReadUInt64s(offsets), ReadUInt64s(lengths));

    public static byte[] Write(IReadOnlyList<ulong> values)
    {
        var bytes = new byte[values.Count * 8];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        }

        return bytes;
    }

    private static ulong[] ReadUInt64s(ReadOnlySpan<byte> bytes)
    {
        var values = new ulong[bytes.Length / 8];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]);
        }

        return values;
    }
}
