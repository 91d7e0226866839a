using System.Buffers.Binary;
using System.Text;

namespace DicomHub.Network.Pdus;

/// <summary>
/// Reads big-endian PDU fields from a span, throwing <see cref="PduFormatException"/> (never an index
/// exception) when a field runs past the data: a malformed PDU from the network is normal input here.
/// </summary>
internal ref struct PduDecoder(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    public readonly bool IsAtEnd => Position >= _data.Length;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public void Skip(int count) => Take(count);

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>An ASCII field with trailing spaces and NULs removed (UIDs may be NUL padded by some peers).</summary>
    public string ReadAscii(int count) => Encoding.ASCII.GetString(Take(count)).TrimEnd(' ', '\0');

    /// <summary>An AE title: 16 bytes, leading and trailing spaces are not significant (PS3.5 6.2).</summary>
    public string ReadAeTitle() => Encoding.ASCII.GetString(Take(16)).Trim(' ', '\0');

    /// <summary>Reads "type, reserved, 2-byte length" and returns the decoder for the item's content.</summary>
    public PduDecoder ReadItem(out byte itemType)
    {
        itemType = ReadByte();
        Skip(1);
        var length = ReadUInt16();
        return new PduDecoder(Take(length));
    }

    public string ReadRemainingAscii() => ReadAscii(Remaining);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new PduFormatException($"PDU field of {count} bytes at offset {Position} runs past the end ({Remaining} bytes left).");
        }

        var slice = _data.Slice(Position, count);
        Position += count;
        return slice;
    }
}
