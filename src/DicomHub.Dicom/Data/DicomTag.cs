using System.Globalization;

namespace DicomHub.Dicom.Data;

/// <summary>A data element tag (group, element). Ordered as DICOM orders data sets: by group, then element.</summary>
public readonly struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element) => Value = ((uint)group << 16) | element;

    public DicomTag(uint value) => Value = value;

    /// <summary>The tag as one 32-bit number, group in the high half (0x00100010 for Patient's Name).</summary>
    public uint Value { get; }

    public ushort Group => (ushort)(Value >> 16);

    public ushort Element => (ushort)Value;

    /// <summary>Odd groups are private (PS3.5 7.8); groups 0001, 0003, 0005, 0007 and FFFF are not allowed at all.</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>A private creator reservation (gggg,0010-00FF) in a private group.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>Group length elements (gggg,0000) are deprecated outside group 0000 and 0002.</summary>
    public bool IsGroupLength => Element == 0x0000;

    public static DicomTag Item => new(0xFFFE, 0xE000);
    public static DicomTag ItemDelimitationItem => new(0xFFFE, 0xE00D);
    public static DicomTag SequenceDelimitationItem => new(0xFFFE, 0xE0DD);

    /// <summary>Parses "(0010,0010)", "0010,0010" or "00100010".</summary>
    public static DicomTag Parse(string text)
    {
        if (TryParse(text, out var tag))
        {
            return tag;
        }

        throw new FormatException($"'{text}' is not a DICOM tag: write it as (gggg,eeee) or gggggeeee in hexadecimal.");
    }

    public static bool TryParse(string? text, out DicomTag tag)
    {
        tag = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().Trim('(', ')').Replace(",", string.Empty, StringComparison.Ordinal);
        if (s.Length != 8 || !uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        tag = new DicomTag(value);
        return true;
    }

    public bool Equals(DicomTag other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is DicomTag other && Equals(other);

    public override int GetHashCode() => (int)Value;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public override string ToString() => $"({Group:X4},{Element:X4})";

    /// <summary>The 8 upper-case hex digits the DICOM JSON model uses as keys.</summary>
    public string ToHexString() => Value.ToString("X8", CultureInfo.InvariantCulture);

    public static bool operator ==(DicomTag left, DicomTag right) => left.Equals(right);

    public static bool operator !=(DicomTag left, DicomTag right) => !left.Equals(right);

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;
}
