using System.Buffers.Binary;
using System.Text;

namespace DicomHub.DicomWeb.Client;

/// <summary>
/// The identifying fields of a Part 10 file's meta information (PS3.10 7.1), read from its first bytes
/// without parsing the data set: enough to name a retrieved file and to tie a STOW-RS answer to a file.
/// </summary>
internal sealed record Part10Header(string? SopClassUid, string? SopInstanceUid, string? TransferSyntaxUid)
{
    // A meta group is a few hundred bytes; 64 KB leaves room for the rare private meta elements.
    private const int MaxMetaBytes = 64 * 1024;
    private const int PreambleLength = 128;

    /// <summary>Reads the header from the start of <paramref name="stream"/>; null when it is not a Part 10 file.</summary>
    public static async Task<Part10Header?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMetaBytes];
        var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return Parse(buffer.AsSpan(0, length));
    }

    public static async Task<Part10Header?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
        return await ReadAsync(file, cancellationToken).ConfigureAwait(false);
    }

    public static Part10Header? Parse(ReadOnlySpan<byte> start)
    {
        if (start.Length < PreambleLength + 4 || !start.Slice(PreambleLength, 4).SequenceEqual("DICM"u8))
        {
            return null;
        }

        string? sopClass = null, sopInstance = null, syntax = null;
        var position = PreambleLength + 4;

        // Group 0002 is always Explicit VR Little Endian; stop at the first element of another group.
        while (position + 8 <= start.Length && BinaryPrimitives.ReadUInt16LittleEndian(start[position..]) == 0x0002)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(start[(position + 2)..]);
            var vr = Encoding.ASCII.GetString(start.Slice(position + 4, 2));
            int valueLength, valueStart;
            if (vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV")
            {
                if (position + 12 > start.Length)
                {
                    break;
                }

                valueLength = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(start[(position + 8)..]), int.MaxValue);
                valueStart = position + 12;
            }
            else
            {
                valueLength = BinaryPrimitives.ReadUInt16LittleEndian(start[(position + 6)..]);
                valueStart = position + 8;
            }

            if (valueLength > start.Length - valueStart)
            {
                break;
            }

            var value = start.Slice(valueStart, valueLength);
            switch (element)
            {
                case 0x0002:
                    sopClass = Uid(value);
                    break;
                case 0x0003:
                    sopInstance = Uid(value);
                    break;
                case 0x0010:
                    syntax = Uid(value);
                    break;
            }

            position = valueStart + valueLength;
        }

        return new Part10Header(sopClass, sopInstance, syntax);
    }

    private static string Uid(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
}
