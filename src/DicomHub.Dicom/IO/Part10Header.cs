using System.Buffers.Binary;
using System.Text;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.IO;

/// <summary>What a sender or receiver needs from a Part 10 file: the file meta facts and where the data set starts.</summary>
public sealed record Part10Info(string SopClassUid, string SopInstanceUid, TransferSyntax TransferSyntax, long DatasetOffset);

/// <summary>
/// Reads and writes the PS3.10 7.1 file meta header (preamble, "DICM", group 0002 in Explicit VR LE).
/// DIMSE sending streams the bytes after it straight onto the wire, and receiving writes it in front of the
/// streamed data set, so neither side parses or re-encodes the data set. This is deliberately small: the
/// toolkit's DicomFile is the general reader/writer.
/// </summary>
public static class Part10Header
{
    private const int PreambleLength = 128;

    /// <summary>Reads the meta header; null when the stream is not a Part 10 file with the needed elements.</summary>
    public static async Task<Part10Info?> TryReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var head = new byte[PreambleLength + 4 + 12];
        var got = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got < head.Length || !head.AsSpan(PreambleLength, 4).SequenceEqual("DICM"u8))
        {
            return null;
        }

        // The group length (0002,0000) tells how long the meta is; read it all in one go when present.
        var start = PreambleLength + 4;
        var metaLength = IsGroupLength(head.AsSpan(start)) ? (int)BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(start + 8)) + 12 : 64 * 1024;
        if (metaLength is < 12 or > 1024 * 1024)
        {
            return null;
        }

        var meta = new byte[metaLength];
        head.AsSpan(start, 12).CopyTo(meta);
        var rest = await stream.ReadAtLeastAsync(meta.AsMemory(12), metaLength - 12, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return Parse(meta.AsSpan(0, 12 + rest), start);
    }

    public static async Task<Part10Info?> TryReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
        return await TryReadAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The preamble and file meta for a data set received over the network (PS3.10 7.1).</summary>
    public static byte[] Create(string sopClassUid, string sopInstanceUid, TransferSyntax transferSyntax, string implementationClassUid, string implementationVersionName, string? sourceAeTitle)
    {
        var elements = new MemoryStream();
        WriteElement(elements, 0x0001, "OB", [0x00, 0x01]);
        WriteElement(elements, 0x0002, "UI", Uid(sopClassUid));
        WriteElement(elements, 0x0003, "UI", Uid(sopInstanceUid));
        WriteElement(elements, 0x0010, "UI", Uid(transferSyntax.Uid));
        WriteElement(elements, 0x0012, "UI", Uid(implementationClassUid));
        WriteElement(elements, 0x0013, "SH", Text(implementationVersionName));
        if (!string.IsNullOrEmpty(sourceAeTitle))
        {
            WriteElement(elements, 0x0016, "AE", Text(sourceAeTitle));
        }

        var output = new MemoryStream();
        output.Write(new byte[PreambleLength]);
        output.Write("DICM"u8);
        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, (uint)elements.Length);
        WriteElement(output, 0x0000, "UL", groupLength);
        elements.Position = 0;
        elements.CopyTo(output);
        return output.ToArray();
    }

    private static bool IsGroupLength(ReadOnlySpan<byte> element) =>
        BinaryPrimitives.ReadUInt16LittleEndian(element) == 0x0002 && BinaryPrimitives.ReadUInt16LittleEndian(element[2..]) == 0x0000 && element[4] == 'U' && element[5] == 'L';

    private static Part10Info? Parse(ReadOnlySpan<byte> meta, int fileOffset)
    {
        string? sopClass = null, sopInstance = null, syntax = null;
        var offset = 0;
        while (offset + 8 <= meta.Length && BinaryPrimitives.ReadUInt16LittleEndian(meta[offset..]) == 0x0002)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(meta[(offset + 2)..]);
            var vr = Encoding.ASCII.GetString(meta.Slice(offset + 4, 2));
            int headerLength;
            long length;
            if (vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN" or "UC" or "UR" or "OD" or "OL" or "OV" or "SV" or "UV")
            {
                if (offset + 12 > meta.Length)
                {
                    return null;
                }

                headerLength = 12;
                length = BinaryPrimitives.ReadUInt32LittleEndian(meta[(offset + 8)..]);
            }
            else
            {
                headerLength = 8;
                length = BinaryPrimitives.ReadUInt16LittleEndian(meta[(offset + 6)..]);
            }

            if (offset + headerLength + length > meta.Length)
            {
                return null;
            }

            var value = meta.Slice(offset + headerLength, (int)length);
            switch (element)
            {
                case 0x0002:
                    sopClass = Trim(value);
                    break;
                case 0x0003:
                    sopInstance = Trim(value);
                    break;
                case 0x0010:
                    syntax = Trim(value);
                    break;
            }

            offset += headerLength + (int)length;
        }

        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance) || string.IsNullOrEmpty(syntax))
        {
            return null;
        }

        return new Part10Info(sopClass, sopInstance, TransferSyntax.FromUid(syntax), fileOffset + offset);
    }

    private static string Trim(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');

    private static byte[] Uid(string uid) => Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + '\0');

    private static byte[] Text(string text) => Encoding.ASCII.GetBytes(text.Length % 2 == 0 ? text : text + ' ');

    private static void WriteElement(Stream output, ushort element, string vr, byte[] value)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (vr is "OB")
        {
            header[6] = 0;
            header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)value.Length);
            output.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)value.Length);
            output.Write(header[..8]);
        }

        output.Write(value);
    }
}
