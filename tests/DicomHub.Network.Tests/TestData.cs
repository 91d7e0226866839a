using System.Buffers.Binary;
using System.Text;
using DicomHub.Dicom.Data;
using DicomHub.Network.Dimse;
using DicomHub.Network.Storage;

namespace DicomHub.Network.Tests;

/// <summary>Small data sets and Part 10 files encoded by hand, so the tests need nothing but the bytes.</summary>
internal static class TestData
{
    /// <summary>
    /// A CT-like data set in Explicit or Implicit VR Little Endian: SOP class/instance, a name, a sequence
    /// with one item, rows/columns and <paramref name="pixelBytes"/> of pixel data (a deterministic pattern).
    /// </summary>
    public static byte[] Dataset(string sopInstanceUid, int pixelBytes = 512, bool explicitVR = true, string sopClassUid = DicomUids.CTImageStorage)
    {
        var output = new MemoryStream();
        void Element(ushort group, ushort element, string vr, byte[] value)
        {
            Span<byte> header = stackalloc byte[12];
            BinaryPrimitives.WriteUInt16LittleEndian(header, group);
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
            if (!explicitVR)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
                output.Write(header[..8]);
            }
            else if (vr is "OB" or "OW" or "SQ" or "UN" or "UT")
            {
                header[4] = (byte)vr[0];
                header[5] = (byte)vr[1];
                header[6] = header[7] = 0;
                BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)value.Length);
                output.Write(header);
            }
            else
            {
                header[4] = (byte)vr[0];
                header[5] = (byte)vr[1];
                BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)value.Length);
                output.Write(header[..8]);
            }

            output.Write(value);
        }

        Element(0x0008, 0x0016, "UI", Text(sopClassUid, '\0'));
        Element(0x0008, 0x0018, "UI", Text(sopInstanceUid, '\0'));
        Element(0x0008, 0x0060, "CS", Text("CT", ' '));

        // A sequence with one defined-length item holding one element, in the same syntax.
        var itemContent = new MemoryStream();
        var saved = output;
        output = itemContent;
        Element(0x0008, 0x0100, "SH", Text("CODE1", ' '));
        output = saved;
        var item = new byte[8 + itemContent.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(item, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(item.AsSpan(2), 0xE000);
        BinaryPrimitives.WriteUInt32LittleEndian(item.AsSpan(4), (uint)itemContent.Length);
        itemContent.ToArray().CopyTo(item, 8);
        Element(0x0008, 0x1032, "SQ", item);
        Element(0x0010, 0x0010, "PN", Text("Test^Patient", ' '));

        // Image Pixel module: 16 rows of 16-bit MONOCHROME2, as many columns as the size asks for.
        var columns = (ushort)Math.Max(1, (pixelBytes + 31) / 32);
        Element(0x0028, 0x0002, "US", UInt16(1));
        Element(0x0028, 0x0004, "CS", Text("MONOCHROME2", ' '));
        Element(0x0028, 0x0010, "US", UInt16(16));
        Element(0x0028, 0x0011, "US", UInt16(columns));
        Element(0x0028, 0x0100, "US", UInt16(16));
        Element(0x0028, 0x0101, "US", UInt16(16));
        Element(0x0028, 0x0102, "US", UInt16(15));
        Element(0x0028, 0x0103, "US", UInt16(0));
        var pixels = new byte[16 * columns * 2];
        for (var i = 0; i < pixels.Length; i++)
        {
            // Runs and ramps so RLE and JPEG actually compress something.
            pixels[i] = (byte)((i / 64 % 2 == 0) ? (i >> 6) : (i * 7 + (i >> 8)));
        }

        Element(0x7FE0, 0x0010, "OW", pixels);
        return output.ToArray();
    }

    /// <summary>A Part 10 file: preamble, file meta, then the data set bytes.</summary>
    public static string WriteFile(string folder, string sopInstanceUid, int pixelBytes = 512, bool explicitVR = true, string sopClassUid = DicomUids.CTImageStorage)
    {
        var syntax = explicitVR ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
        var path = Path.Combine(folder, sopInstanceUid + ".dcm");
        using var file = File.Create(path);
        file.Write(Part10Header.Create(sopClassUid, sopInstanceUid, syntax, DicomImplementation.ClassUid, "TEST", null));
        file.Write(Dataset(sopInstanceUid, pixelBytes, explicitVR, sopClassUid));
        return path;
    }

    /// <summary>The data set bytes of a Part 10 file (what follows the meta header).</summary>
    public static async Task<(Part10Info Info, byte[] Dataset)> ReadFileAsync(string path)
    {
        var info = await Part10Header.TryReadAsync(path) ?? throw new InvalidDataException($"{path} is not a Part 10 file");
        var bytes = await File.ReadAllBytesAsync(path);
        return (info, bytes[(int)info.DatasetOffset..]);
    }

    public static string NewUid() => DicomUid.Generate();

    public static byte[] Text(string value, char pad) => Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + pad);

    private static byte[] UInt16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }
}
