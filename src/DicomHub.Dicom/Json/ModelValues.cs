using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Json;

/// <summary>
/// Value encoding shared by the JSON and XML model readers: text arrives as Unicode and is stored as UTF-8 (the
/// caller then declares ISO_IR 192 where any of it is not ASCII), numbers arrive as text and are packed by VR.
/// </summary>
internal static class ModelValues
{
    /// <summary>Values joined by backslash (or concatenated for single-valued text), padded to even length.</summary>
    public static byte[] EncodeStrings(DicomVR vr, IReadOnlyList<string> values, out bool nonAscii)
    {
        var text = vr.IsSingleValuedText() ? string.Concat(values) : string.Join('\\', values);
        var encoding = vr.UsesSpecificCharacterSet() ? Encoding.UTF8 : Encoding.Latin1;
        var length = encoding.GetByteCount(text);
        nonAscii = vr.UsesSpecificCharacterSet() && length != text.Length;
        var bytes = new byte[length + (length & 1)];
        encoding.GetBytes(text, bytes);
        if ((length & 1) == 1)
        {
            bytes[^1] = vr.PaddingByte();
        }

        return bytes;
    }

    public static int ValueSize(DicomVR vr) => vr == DicomVR.AT ? 4 : vr.UnitSize();

    /// <summary>Packs one number (or an AT tag as 8 hex digits) little-endian; throws FormatException/OverflowException.</summary>
    public static void WriteNumber(DicomVR vr, string text, Span<byte> span)
    {
        switch (vr)
        {
            case DicomVR.AT:
                if (text.Length != 8 || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var tag))
                {
                    throw new FormatException($"'{text}' is not a tag as 8 hexadecimal digits");
                }

                BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(tag >> 16));
                BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)tag);
                break;
            case DicomVR.US: BinaryPrimitives.WriteUInt16LittleEndian(span, ushort.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)); break;
            case DicomVR.SS: BinaryPrimitives.WriteInt16LittleEndian(span, short.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)); break;
            case DicomVR.UL: BinaryPrimitives.WriteUInt32LittleEndian(span, uint.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)); break;
            case DicomVR.SL: BinaryPrimitives.WriteInt32LittleEndian(span, int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)); break;
            case DicomVR.SV: BinaryPrimitives.WriteInt64LittleEndian(span, long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)); break;
            case DicomVR.UV: BinaryPrimitives.WriteUInt64LittleEndian(span, ulong.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)); break;
            case DicomVR.FL: BinaryPrimitives.WriteSingleLittleEndian(span, float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)); break;
            case DicomVR.FD: BinaryPrimitives.WriteDoubleLittleEndian(span, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)); break;
            default: throw new FormatException($"VR {vr.Code()} holds binary data, not numbers");
        }
    }

    /// <summary>The numbers of a binary numeric element as text (AT as 8 hex digits), exact for 64-bit integers.</summary>
    public static IEnumerable<string> ReadNumbers(DicomVR vr, ReadOnlyMemory<byte> bytes)
    {
        var size = ValueSize(vr);
        if (size <= 1)
        {
            yield break;
        }

        for (var offset = 0; offset + size <= bytes.Length; offset += size)
        {
            var span = bytes.Span[offset..];
            yield return vr switch
            {
                DicomVR.AT => new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span), BinaryPrimitives.ReadUInt16LittleEndian(span[2..])).ToHexString(),
                DicomVR.US => BinaryPrimitives.ReadUInt16LittleEndian(span).ToString(CultureInfo.InvariantCulture),
                DicomVR.SS => BinaryPrimitives.ReadInt16LittleEndian(span).ToString(CultureInfo.InvariantCulture),
                DicomVR.UL => BinaryPrimitives.ReadUInt32LittleEndian(span).ToString(CultureInfo.InvariantCulture),
                DicomVR.SL => BinaryPrimitives.ReadInt32LittleEndian(span).ToString(CultureInfo.InvariantCulture),
                DicomVR.SV => BinaryPrimitives.ReadInt64LittleEndian(span).ToString(CultureInfo.InvariantCulture),
                DicomVR.UV => BinaryPrimitives.ReadUInt64LittleEndian(span).ToString(CultureInfo.InvariantCulture),
                DicomVR.FL => BinaryPrimitives.ReadSingleLittleEndian(span).ToString("R", CultureInfo.InvariantCulture),
                DicomVR.FD => BinaryPrimitives.ReadDoubleLittleEndian(span).ToString("R", CultureInfo.InvariantCulture),
                _ => string.Empty,
            };
        }
    }

    public static long EncapsulatedLength(DicomFragmentSequence fragments) =>
        8 + fragments.BasicOffsetTable.Length + fragments.Fragments.Sum(f => 8 + f.Length) + 8;

    /// <summary>Encapsulated Pixel Data inline: its items as PS3.5 A.4 encodes them (offset table, fragments, delimiter).</summary>
    public static ReadOnlyMemory<byte> EncapsulatedItems(DicomFragmentSequence fragments)
    {
        var output = new byte[EncapsulatedLength(fragments)];
        var position = 0;
        void Item(uint tag, ReadOnlySpan<byte> value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(position), (ushort)(tag >> 16));
            BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(position + 2), (ushort)tag);
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(position + 4), (uint)value.Length);
            value.CopyTo(output.AsSpan(position + 8));
            position += 8 + value.Length;
        }

        Item(DicomTag.Item.Value, fragments.BasicOffsetTable.Memory.Span);
        foreach (var fragment in fragments.Fragments)
        {
            Item(DicomTag.Item.Value, fragment.Memory.Span);
        }

        Item(DicomTag.SequenceDelimitationItem.Value, []);
        return output;
    }
}
