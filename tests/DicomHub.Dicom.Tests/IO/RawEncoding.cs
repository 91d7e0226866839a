using System.Buffers.Binary;
using System.Text;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Tests.IO;

/// <summary>Hand-made bytes for malformed input the writer would never produce.</summary>
internal static class RawEncoding
{
    public const uint Undefined = 0xFFFFFFFF;

    public static byte[] Explicit(DicomTag tag, string vr, byte[] value, uint? length = null)
    {
        var longForm = DicomVRExtensions.TryParse(vr, out var parsed) ? parsed.HasLongExplicitLength() : vr.All(char.IsAsciiLetterUpper);
        var header = new byte[longForm ? 12 : 8];
        WriteTag(header, tag);
        Encoding.Latin1.GetBytes(vr, header.AsSpan(4, 2));
        if (longForm)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), length ?? (uint)value.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)(length ?? (uint)value.Length));
        }

        return [.. header, .. value];
    }

    public static byte[] Explicit(DicomTag tag, string vr, string text) => Explicit(tag, vr, Encoding.ASCII.GetBytes(text));

    public static byte[] Implicit(DicomTag tag, byte[] value, uint? length = null)
    {
        var header = new byte[8];
        WriteTag(header, tag);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), length ?? (uint)value.Length);
        return [.. header, .. value];
    }

    public static byte[] Implicit(DicomTag tag, string text) => Implicit(tag, Encoding.ASCII.GetBytes(text));

    public static byte[] Item(byte[] content, bool undefined) =>
        undefined ? [.. Implicit(DicomTag.Item, content, Undefined), .. Implicit(DicomTag.ItemDelimitationItem, [])] : Implicit(DicomTag.Item, content);

    public static byte[] SequenceDelimiter() => Implicit(DicomTag.SequenceDelimitationItem, []);

    /// <summary>A Part 10 file around a data set, meta built from elements given as explicit VR LE bytes.</summary>
    public static byte[] Part10(byte[] metaElements, byte[] dataset, bool preamble = true, uint? groupLength = null)
    {
        var length = Explicit(new DicomTag(0x0002, 0x0000), "UL", BitConverter.GetBytes(groupLength ?? (uint)metaElements.Length));
        byte[] prefix = preamble ? [.. new byte[128], .. "DICM"u8] : [];
        return [.. prefix, .. length, .. metaElements, .. dataset];
    }

    public static byte[] Meta(string transferSyntaxUid) =>
    [
        .. Explicit(new DicomTag(0x0002, 0x0001), "OB", [0, 1]),
        .. Explicit(new DicomTag(0x0002, 0x0002), "UI", Padded(SampleDatasets.SopClassCt)),
        .. Explicit(new DicomTag(0x0002, 0x0003), "UI", Padded(SampleDatasets.SopInstance)),
        .. Explicit(new DicomTag(0x0002, 0x0010), "UI", Padded(transferSyntaxUid)),
    ];

    public static byte[] Padded(string uid) => Encoding.ASCII.GetBytes(uid.Length % 2 == 1 ? uid + "\0" : uid);

    private static void WriteTag(Span<byte> span, DicomTag tag)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
    }
}
