using System.Buffers.Binary;
using System.Globalization;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Data;

/// <summary>
/// Typed reads and writes of element values. Text is decoded with the data set's character set; numbers
/// in binary VRs are read as little-endian; numbers in DS/IS are parsed invariantly.
/// </summary>
public static class DicomDatasetValues
{
    /// <summary>The whole value as text without trailing padding, or null when absent.</summary>
    public static string? GetString(this DicomDataset dataset, DicomTag tag)
    {
        if (dataset[tag] is not DicomElement element)
        {
            return null;
        }

        if (!element.VR.IsString())
        {
            return string.Join('\\', GetNumbersAsStrings(element));
        }

        return dataset.CharacterSet.DecodeString(element.Buffer.Memory.Span, element.VR);
    }

    /// <summary>All values as text (split on backslash where the VR allows several), or an empty array.</summary>
    public static string[] GetStrings(this DicomDataset dataset, DicomTag tag)
    {
        if (dataset[tag] is not DicomElement element)
        {
            return [];
        }

        if (!element.VR.IsString())
        {
            return GetNumbersAsStrings(element);
        }

        return dataset.CharacterSet.DecodeStrings(element.Buffer.Memory.Span, element.VR);
    }

    public static string GetSingleValueOrDefault(this DicomDataset dataset, DicomTag tag, string defaultValue) =>
        dataset.GetStrings(tag) is [var first, ..] ? first : defaultValue;

    public static int? GetInt32(this DicomDataset dataset, DicomTag tag, int index = 0) =>
        dataset.GetDouble(tag, index) is { } d ? checked((int)d) : null;

    public static ushort? GetUInt16(this DicomDataset dataset, DicomTag tag, int index = 0) =>
        dataset.GetDouble(tag, index) is { } d ? checked((ushort)d) : null;

    /// <summary>A number from any numeric VR (US, SS, UL, SL, FL, FD, SV, UV, DS, IS), or null when absent or empty.</summary>
    public static double? GetDouble(this DicomDataset dataset, DicomTag tag, int index = 0)
    {
        if (dataset[tag] is not DicomElement element)
        {
            return null;
        }

        if (element.VR is DicomVR.DS or DicomVR.IS)
        {
            var values = dataset.GetStrings(tag);
            if (index >= values.Length || values[index].Length == 0)
            {
                return null;
            }

            return double.Parse(values[index], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        var span = element.Buffer.Memory.Span;
        var size = ValueSize(element.VR);
        if (size == 1 || (index + 1) * size > span.Length)
        {
            return null;
        }

        return ReadNumber(element.VR, span[(index * size)..]);
    }

    /// <summary>All numbers of a binary numeric element.</summary>
    public static double[] GetDoubles(this DicomDataset dataset, DicomTag tag)
    {
        if (dataset[tag] is not DicomElement element)
        {
            return [];
        }

        if (element.VR is DicomVR.DS or DicomVR.IS)
        {
            return dataset.GetStrings(tag).Where(s => s.Length > 0)
                .Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }

        var span = element.Buffer.Memory.Span;
        var size = ValueSize(element.VR);
        if (size == 1)
        {
            return [];
        }

        var result = new double[span.Length / size];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ReadNumber(element.VR, span[(i * size)..]);
        }

        return result;
    }

    /// <summary>The value of a date (DA) element; null when absent, empty or not a valid date.</summary>
    public static DateOnly? GetDate(this DicomDataset dataset, DicomTag tag) =>
        DateOnly.TryParseExact(dataset.GetString(tag), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static PersonName? GetPersonName(this DicomDataset dataset, DicomTag tag) =>
        dataset.GetString(tag) is { Length: > 0 } text ? PersonName.Parse(text) : null;

    /// <summary>Sets a text value (VR from the dictionary), encoded with the data set's character set.</summary>
    public static DicomDataset AddOrUpdate(this DicomDataset dataset, DicomTag tag, params string[] values) =>
        dataset.AddOrUpdate(tag, DicomDictionary.Default.DefaultVR(tag), values);

    /// <summary>Sets a value from text for any VR: string VRs are encoded, numeric VRs parsed and packed.</summary>
    public static DicomDataset AddOrUpdate(this DicomDataset dataset, DicomTag tag, DicomVR vr, params string[] values)
    {
        if (vr == DicomVR.SQ)
        {
            throw new ArgumentException($"{tag} is a sequence: add a DicomSequence instead of text.", nameof(vr));
        }

        if (vr.IsString())
        {
            var bytes = dataset.CharacterSet.EncodeStrings(values, vr);
            return dataset.AddOrUpdate(new DicomElement(tag, vr, bytes));
        }

        if (vr == DicomVR.AT)
        {
            return dataset.AddOrUpdate(tag, vr, values.Select(v => (double)DicomTag.Parse(v).Value).ToArray());
        }

        return dataset.AddOrUpdate(tag, vr, values.Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Sets numbers: packed little-endian for binary VRs, formatted for DS and IS.</summary>
    public static DicomDataset AddOrUpdate(this DicomDataset dataset, DicomTag tag, DicomVR vr, params double[] values)
    {
        if (vr is DicomVR.DS or DicomVR.IS)
        {
            var text = values.Select(v => vr == DicomVR.IS ? ((long)v).ToString(CultureInfo.InvariantCulture) : FormatDecimalString(v)).ToArray();
            return dataset.AddOrUpdate(tag, vr, text);
        }

        var size = ValueSize(vr);
        if (size == 1)
        {
            throw new ArgumentException($"VR {vr.Code()} does not hold numbers.", nameof(vr));
        }

        var buffer = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            WriteNumber(vr, buffer.AsSpan(i * size), values[i]);
        }

        return dataset.AddOrUpdate(new DicomElement(tag, vr, buffer));
    }

    public static DicomDataset AddOrUpdate(this DicomDataset dataset, DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) =>
        dataset.AddOrUpdate(new DicomElement(tag, vr, bytes));

    /// <summary>DS holds at most 16 characters: use the shortest round-trip form that fits.</summary>
    public static string FormatDecimalString(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Length <= 16)
        {
            return text;
        }

        for (var digits = 15; digits > 0; digits--)
        {
            text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (text.Length <= 16)
            {
                return text;
            }
        }

        return text;
    }

    private static string[] GetNumbersAsStrings(DicomElement element)
    {
        var size = ValueSize(element.VR);
        if (size == 1)
        {
            return [];
        }

        var span = element.Buffer.Memory.Span;
        var result = new string[span.Length / size];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = element.VR == DicomVR.AT
                ? new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 4)..]), BinaryPrimitives.ReadUInt16LittleEndian(span[((i * 4) + 2)..])).ToHexString()
                : ReadNumber(element.VR, span[(i * size)..]).ToString("R", CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>Bytes per value: the swap unit, except AT, whose 4-byte value swaps as two 16-bit halves.</summary>
    private static int ValueSize(DicomVR vr) => vr == DicomVR.AT ? 4 : vr.UnitSize();

    private static double ReadNumber(DicomVR vr, ReadOnlySpan<byte> span) => vr switch
    {
        DicomVR.US or DicomVR.OW => BinaryPrimitives.ReadUInt16LittleEndian(span),
        DicomVR.SS => BinaryPrimitives.ReadInt16LittleEndian(span),
        DicomVR.UL or DicomVR.OL => BinaryPrimitives.ReadUInt32LittleEndian(span),
        DicomVR.SL => BinaryPrimitives.ReadInt32LittleEndian(span),
        DicomVR.AT => (BinaryPrimitives.ReadUInt16LittleEndian(span) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(span[2..]),
        DicomVR.FL or DicomVR.OF => BinaryPrimitives.ReadSingleLittleEndian(span),
        DicomVR.FD or DicomVR.OD => BinaryPrimitives.ReadDoubleLittleEndian(span),
        DicomVR.SV => BinaryPrimitives.ReadInt64LittleEndian(span),
        DicomVR.UV or DicomVR.OV => BinaryPrimitives.ReadUInt64LittleEndian(span),
        _ => throw new ArgumentException($"VR {vr.Code()} does not hold binary numbers.", nameof(vr)),
    };

    private static void WriteNumber(DicomVR vr, Span<byte> span, double value)
    {
        switch (vr)
        {
            case DicomVR.US or DicomVR.OW: BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)value)); break;
            case DicomVR.SS: BinaryPrimitives.WriteInt16LittleEndian(span, checked((short)value)); break;
            case DicomVR.UL or DicomVR.OL: BinaryPrimitives.WriteUInt32LittleEndian(span, checked((uint)value)); break;
            case DicomVR.SL: BinaryPrimitives.WriteInt32LittleEndian(span, checked((int)value)); break;
            case DicomVR.AT:
                var tag = new DicomTag(checked((uint)value));
                BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
                BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
                break;
            case DicomVR.FL or DicomVR.OF: BinaryPrimitives.WriteSingleLittleEndian(span, (float)value); break;
            case DicomVR.FD or DicomVR.OD: BinaryPrimitives.WriteDoubleLittleEndian(span, value); break;
            case DicomVR.SV: BinaryPrimitives.WriteInt64LittleEndian(span, checked((long)value)); break;
            case DicomVR.UV or DicomVR.OV: BinaryPrimitives.WriteUInt64LittleEndian(span, checked((ulong)value)); break;
            default: throw new ArgumentException($"VR {vr.Code()} does not hold binary numbers.", nameof(vr));
        }
    }
}
