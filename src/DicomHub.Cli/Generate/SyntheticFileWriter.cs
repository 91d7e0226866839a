using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Cli.Generate;

/// <summary>
/// Writes a generated data set as a Part 10 file in Explicit VR Little Endian (or an encapsulated syntax for
/// already-compressed Pixel Data). Only what synthesis produces is supported: elements, sequences and
/// fragment sequences, all little-endian. It exists because the toolkit's DicomFile writer was not on main
/// when generation was built; it streams straight to a FileStream, one header write plus the pixel bytes.
/// </summary>
public static class SyntheticFileWriter
{
    private const string ImplementationClassUid = "2.25.265371535890835777146699010856193772380";
    private const string ImplementationVersionName = "DICOMHUB_1";

    public static async Task WriteAsync(string path, DicomDataset dataset, TransferSyntax syntax, CancellationToken cancellationToken)
    {
        if (syntax.IsBigEndian || !syntax.IsExplicitVR || syntax.IsDeflated)
        {
            throw new ArgumentException($"synthetic files are written little-endian explicit, not {syntax.Name}", nameof(syntax));
        }

        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 });
        meta.AddOrUpdate(DicomTags.MediaStorageSOPClassUID, dataset.GetString(DicomTags.SOPClassUID) ?? string.Empty);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPInstanceUID, dataset.GetString(DicomTags.SOPInstanceUID) ?? string.Empty);
        meta.AddOrUpdate(DicomTags.TransferSyntaxUID, syntax.Uid);
        meta.AddOrUpdate(DicomTags.ImplementationClassUID, ImplementationClassUid);
        meta.AddOrUpdate(DicomTags.ImplementationVersionName, ImplementationVersionName);

        using var header = new MemoryStream();
        header.Write(new byte[128]);
        header.Write("DICM"u8);
        using (var group = new MemoryStream())
        {
            WriteItems(group, meta);
            WriteHeader(header, DicomTags.FileMetaInformationGroupLength, DicomVR.UL, 4);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)group.Length);
            header.Write(length);
            group.WriteTo(header);
        }

        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var pixelData = dataset[DicomTags.PixelData];
        WriteItems(header, dataset.Where(item => item.Tag != DicomTags.PixelData));
        if (pixelData is DicomElement { Buffer.IsInMemory: true } pixels)
        {
            // The big value goes straight from its buffer: no copy into the header stream.
            WriteHeader(header, pixels.Tag, pixels.VR, (uint)pixels.Length);
            await file.WriteAsync(header.GetBuffer().AsMemory(0, (int)header.Length), cancellationToken).ConfigureAwait(false);
            await file.WriteAsync(pixels.Buffer.Memory, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (pixelData is not null)
        {
            WriteItems(header, [pixelData]);
        }

        await file.WriteAsync(header.GetBuffer().AsMemory(0, (int)header.Length), cancellationToken).ConfigureAwait(false);
    }

    private static void WriteItems(Stream output, IEnumerable<DicomItem> items)
    {
        foreach (var item in items)
        {
            switch (item)
            {
                case DicomElement element:
                    WriteHeader(output, element.Tag, element.VR, (uint)element.Length);
                    output.Write(element.Buffer.Memory.Span);
                    break;
                case DicomSequence sequence:
                    WriteHeader(output, sequence.Tag, DicomVR.SQ, uint.MaxValue);
                    foreach (var child in sequence.Items)
                    {
                        WriteTag(output, DicomTag.Item, uint.MaxValue);
                        WriteItems(output, child);
                        WriteTag(output, DicomTag.ItemDelimitationItem, 0);
                    }

                    WriteTag(output, DicomTag.SequenceDelimitationItem, 0);
                    break;
                case DicomFragmentSequence fragments:
                    WriteHeader(output, fragments.Tag, fragments.VR, uint.MaxValue);
                    WriteTag(output, DicomTag.Item, (uint)fragments.BasicOffsetTable.Length);
                    output.Write(fragments.BasicOffsetTable.Memory.Span);
                    foreach (var fragment in fragments.Fragments)
                    {
                        WriteTag(output, DicomTag.Item, (uint)fragment.Length);
                        output.Write(fragment.Memory.Span);
                    }

                    WriteTag(output, DicomTag.SequenceDelimitationItem, 0);
                    break;
            }
        }
    }

    private static void WriteHeader(Stream output, DicomTag tag, DicomVR vr, uint length)
    {
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], tag.Element);
        var code = vr.Code();
        bytes[4] = (byte)code[0];
        bytes[5] = (byte)code[1];
        if (vr.HasLongExplicitLength())
        {
            bytes[6] = 0;
            bytes[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], length);
            output.Write(bytes);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes[6..], checked((ushort)length));
            output.Write(bytes[..8]);
        }
    }

    private static void WriteTag(Stream output, DicomTag tag, uint length)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], length);
        output.Write(bytes);
    }
}
