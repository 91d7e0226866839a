using System.Buffers.Binary;
using System.Text;

namespace DicomHub.Network.Pdus;

/// <summary>
/// Writes the big-endian fields of PS3.8 PDUs into a growing buffer, with length fields filled in after
/// their content (items nest, so lengths are only known at the end).
/// </summary>
internal sealed class PduEncoder
{
    private byte[] _bytes = new byte[256];

    public int Position { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Position);

    public void WriteByte(byte value) => Grow(1)[0] = value;

    public void WriteZeros(int count) => Grow(count).Clear();

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Grow(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Grow(4), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grow(bytes.Length));

    public void WriteAscii(string text) => WriteBytes(Encoding.ASCII.GetBytes(text));

    /// <summary>An AE title field: exactly 16 bytes, space padded (PS3.8 9.3.2).</summary>
    public void WriteAeTitle(string aeTitle)
    {
        var span = Grow(16);
        span.Fill((byte)' ');
        Encoding.ASCII.GetBytes(aeTitle.AsSpan(0, Math.Min(16, aeTitle.Length)), span);
    }

    /// <summary>Reserves a 2-byte length; <see cref="EndLength16"/> fills in the bytes written since.</summary>
    public int BeginLength16()
    {
        WriteUInt16(0);
        return Position;
    }

    public void EndLength16(int start)
    {
        var length = Position - start;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"PDU item of {length} bytes exceeds the 65535-byte item limit.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_bytes.AsSpan(start - 2, 2), (ushort)length);
    }

    public int BeginLength32()
    {
        WriteUInt32(0);
        return Position;
    }

    public void EndLength32(int start) =>
        BinaryPrimitives.WriteUInt32BigEndian(_bytes.AsSpan(start - 4, 4), (uint)(Position - start));

    /// <summary>A sub-item of the "type, reserved, 2-byte length, UID string" shape used all over PS3.8.</summary>
    public void WriteStringItem(PduItemType type, string value)
    {
        WriteByte((byte)type);
        WriteByte(0);
        var start = BeginLength16();
        WriteAscii(value);
        EndLength16(start);
    }

    public byte[] ToArray() => Written.ToArray();

    private Span<byte> Grow(int count)
    {
        if (Position + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Position + count));
        }

        var span = _bytes.AsSpan(Position, count);
        Position += count;
        return span;
    }
}
