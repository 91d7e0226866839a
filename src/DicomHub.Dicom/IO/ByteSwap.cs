using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DicomHub.Dicom.IO;

/// <summary>Converts values between big-endian (on the wire) and little-endian (in memory), unit by unit.</summary>
internal static class ByteSwap
{
    /// <summary>Reverses each <paramref name="unitSize"/>-byte number in place; a trailing partial unit is left alone.</summary>
    public static void InPlace(Span<byte> bytes, int unitSize)
    {
        var whole = bytes.Length - (bytes.Length % unitSize);
        switch (unitSize)
        {
            case 2:
                var shorts = MemoryMarshal.Cast<byte, ushort>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = MemoryMarshal.Cast<byte, uint>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                var longs = MemoryMarshal.Cast<byte, ulong>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }
}
