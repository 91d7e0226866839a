using System.Globalization;
using System.Text;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Cli.Dump;

/// <summary>How much of each value a dump shows.</summary>
/// <param name="MaxValueLength">characters of a value shown before it is cut with "...".</param>
/// <param name="BinaryPreviewBytes">bytes of a binary (OB, OW, UN ...) value shown as hex.</param>
public sealed record DumpOptions(int MaxValueLength = 64, int BinaryPreviewBytes = 16);

/// <summary>
/// A readable listing in the spirit of DCMTK's dcmdump: one line per element with tag, VR, value, length,
/// value multiplicity and keyword; sequences and encapsulated Pixel Data indented with their item markers.
/// Values that stay in the file (large Pixel Data) are previewed through a stream, never loaded whole.
/// </summary>
public sealed class DicomDumpFormatter(DumpOptions options)
{
    private const int ValueColumn = 52;

    /// <param name="fileMetaInformation">The file's meta group, or null when the file has none (a bare data set):
    /// shown as dcmdump shows it, an empty header, never a group made up for the listing.</param>
    public void WriteFile(TextWriter writer, string path, DicomDataset? fileMetaInformation, DicomDataset dataset, TransferSyntax syntax, bool stoppedBeforePixelData)
    {
        writer.WriteLine($"# File: {path}");
        writer.WriteLine();
        writer.WriteLine("# Dicom-Meta-Information-Header");
        if (fileMetaInformation is null)
        {
            writer.WriteLine("# Used TransferSyntax: Unknown Transfer Syntax (the file has no file meta information)");
        }
        else
        {
            writer.WriteLine($"# Used TransferSyntax: {TransferSyntax.ExplicitVRLittleEndian.Name} [{TransferSyntax.ExplicitVRLittleEndian.Uid}]");
            WriteDataset(writer, fileMetaInformation, 0);
        }

        writer.WriteLine();
        writer.WriteLine("# Dicom-Data-Set");
        writer.WriteLine($"# Used TransferSyntax: {syntax.Name} [{syntax.Uid}]");
        WriteDataset(writer, dataset, 0);
        if (stoppedBeforePixelData)
        {
            writer.WriteLine("# Pixel Data not read (--no-pixel)");
        }
    }

    public void WriteDataset(TextWriter writer, DicomDataset dataset, int depth)
    {
        foreach (var item in dataset)
        {
            switch (item)
            {
                case DicomSequence sequence:
                    WriteSequence(writer, sequence, depth);
                    break;
                case DicomFragmentSequence fragments:
                    WriteFragments(writer, fragments, depth);
                    break;
                case DicomElement element:
                    var (value, multiplicity) = FormatValue(dataset, element);
                    WriteLine(writer, depth, element.Tag, element.VR.Code(), value, element.Length.ToString(CultureInfo.InvariantCulture), multiplicity, KeywordOf(element.Tag));
                    break;
            }
        }
    }

    private void WriteSequence(TextWriter writer, DicomSequence sequence, int depth)
    {
        WriteLine(writer, depth, sequence.Tag, "SQ", $"(Sequence #={sequence.Items.Count})", "u/l", 1, KeywordOf(sequence.Tag));
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            WriteLine(writer, depth + 1, DicomTag.Item, "na", $"(Item #{i + 1} with {item.Count} elements)", "u/l", 1, "Item");
            WriteDataset(writer, item, depth + 2);
            WriteLine(writer, depth + 1, DicomTag.ItemDelimitationItem, "na", "(ItemDelimitationItem)", "0", 0, "ItemDelimitationItem");
        }

        WriteLine(writer, depth, DicomTag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0, "SequenceDelimitationItem");
    }

    private void WriteFragments(TextWriter writer, DicomFragmentSequence fragments, int depth)
    {
        WriteLine(writer, depth, fragments.Tag, fragments.VR.Code(), $"(PixelSequence #={fragments.Fragments.Count + 1})", "u/l", 1, KeywordOf(fragments.Tag));
        var table = fragments.BasicOffsetTable;
        WriteLine(writer, depth + 1, DicomTag.Item, "pi", table.Length == 0 ? "(no value available)" : Hex(table, 4), table.Length.ToString(CultureInfo.InvariantCulture), 1, "Item (Basic Offset Table)");
        foreach (var fragment in fragments.Fragments)
        {
            WriteLine(writer, depth + 1, DicomTag.Item, "pi", Hex(fragment, 1), fragment.Length.ToString(CultureInfo.InvariantCulture), 1, "Item");
        }

        WriteLine(writer, depth, DicomTag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0, "SequenceDelimitationItem");
    }

    private (string Value, int Multiplicity) FormatValue(DicomDataset dataset, DicomElement element)
    {
        if (element.Length == 0)
        {
            return ("(no value available)", 0);
        }

        var vr = element.VR;
        if (vr.IsString())
        {
            var values = dataset.GetStrings(element.Tag);
            var text = Printable(string.Join('\\', values));
            if (vr == DicomVR.UI && DicomUidRegistry.Find(text) is { } known)
            {
                return ($"[{text}] ={known.Keyword}", values.Length);
            }

            return ($"[{Cut(text)}]", values.Length);
        }

        return vr switch
        {
            DicomVR.OB or DicomVR.UN => (Hex(element.Buffer, 1), 1),
            DicomVR.OW => (Hex(element.Buffer, 2), 1),
            DicomVR.OL or DicomVR.OF => (Hex(element.Buffer, 4), 1),
            DicomVR.OD or DicomVR.OV => (Hex(element.Buffer, 8), 1),
            _ => FormatNumbers(dataset, element),
        };
    }

    private (string Value, int Multiplicity) FormatNumbers(DicomDataset dataset, DicomElement element)
    {
        // An AT value is one tag, 4 bytes (UnitSize is 2 for AT: its byte swapping is per 16-bit half).
        var unit = element.VR == DicomVR.AT ? 4 : element.VR.UnitSize();
        var count = unit > 1 ? (int)(element.Length / unit) : 1;
        if (!element.Buffer.IsInMemory && element.Length > options.MaxValueLength * 4L)
        {
            return ($"({count} values, not loaded)", count);
        }

        var values = dataset.GetStrings(element.Tag);
        var text = element.VR == DicomVR.AT
            ? string.Join('\\', values.Select(v => $"({v[..4].ToLowerInvariant()},{v[4..].ToLowerInvariant()})"))
            : string.Join('\\', values);
        return (Cut(text), count);
    }

    /// <summary>The first bytes of a value as hex words of <paramref name="wordSize"/> bytes (little-endian).</summary>
    private string Hex(IByteBuffer buffer, int wordSize)
    {
        var wanted = (int)Math.Min(buffer.Length, Math.Max(options.BinaryPreviewBytes, wordSize));
        var preview = new byte[wanted];
        if (buffer.IsInMemory)
        {
            buffer.Memory.Span[..wanted].CopyTo(preview);
        }
        else
        {
            using var stream = buffer.OpenRead();
            stream.ReadExactly(preview);
        }

        var text = new StringBuilder();
        for (var offset = 0; offset + wordSize <= wanted; offset += wordSize)
        {
            if (text.Length > 0)
            {
                text.Append('\\');
            }

            for (var b = wordSize - 1; b >= 0; b--)
            {
                text.Append(preview[offset + b].ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        if (buffer.Length > wanted)
        {
            text.Append("...");
        }

        return text.ToString();
    }

    private string Cut(string text) =>
        text.Length > options.MaxValueLength ? string.Concat(text.AsSpan(0, options.MaxValueLength), "...") : text;

    private static string Printable(string text) =>
        text.Any(char.IsControl) ? new string(text.Select(c => char.IsControl(c) ? '.' : c).ToArray()) : text;

    private static string KeywordOf(DicomTag tag) =>
        DicomDictionary.Default.Find(tag)?.Keyword ?? (tag.IsPrivate ? "PrivateTag" : "UnknownTag");

    private static void WriteLine(TextWriter writer, int depth, DicomTag tag, string vr, string value, string length, int multiplicity, string keyword)
    {
        var indent = new string(' ', depth * 2);
        var head = $"{indent}({tag.Group:x4},{tag.Element:x4}) {vr} {value}";
        writer.Write(head);
        writer.Write(new string(' ', Math.Max(1, ValueColumn + indent.Length - head.Length)));
        writer.WriteLine($"# {length,6}, {multiplicity} {keyword}");
    }
}
