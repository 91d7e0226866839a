using DicomHub.Cli.Dump;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Cli.Tests;

/// <summary>The dcmdump-like listing: one line per element, nesting indented, long values cut, binary as hex.</summary>
public sealed class DumpFormatterTests
{
    [Fact]
    public void ElementLineHasTagVrValueLengthMultiplicityAndKeyword()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.PatientName, "DOE^JANE");
        dataset.AddOrUpdate(DicomTags.Rows, DicomVR.US, 512);
        dataset.AddOrUpdate(DicomTags.PixelSpacing, DicomVR.DS, 0.7, 0.7);

        var lines = Format(dataset);

        Assert.Contains(lines, l => l.StartsWith("(0010,0010) PN [DOE^JANE]", StringComparison.Ordinal) && l.EndsWith("#      8, 1 PatientName", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("(0028,0010) US 512", StringComparison.Ordinal) && l.EndsWith("#      2, 1 Rows", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(@"(0028,0030) DS [0.7\0.7]", StringComparison.Ordinal) && l.EndsWith("2 PixelSpacing", StringComparison.Ordinal));
    }

    [Fact]
    public void KnownUidsAreNamed()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        Assert.Contains(Format(dataset), l => l.StartsWith("(0008,0016) UI [1.2.840.10008.5.1.4.1.1.2] =CTImageStorage", StringComparison.Ordinal));
    }

    [Fact]
    public void LongValuesAreCutAtMaxLength()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.StudyDescription, new string('A', 60));
        var lines = Format(dataset, new DumpOptions(MaxValueLength: 10));
        Assert.Contains(lines, l => l.StartsWith("(0008,1030) LO [AAAAAAAAAA...]", StringComparison.Ordinal) && l.Contains("#     60, 1 StudyDescription", StringComparison.Ordinal));
    }

    [Fact]
    public void BinaryValuesShowTheFirstBytesAsHex()
    {
        var dataset = new DicomDataset();
        var pixels = new byte[1024];
        pixels[0] = 0x34;
        pixels[1] = 0x12;
        dataset.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, pixels));
        dataset.AddOrUpdate(new DicomElement(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 }));

        var lines = Format(dataset);

        Assert.Contains(lines, l => l.StartsWith(@"(7fe0,0010) OW 1234\0000\0000\0000\0000\0000\0000\0000...", StringComparison.Ordinal) && l.EndsWith("#   1024, 1 PixelData", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(@"(0002,0001) OB 00\01 ", StringComparison.Ordinal));
    }

    [Fact]
    public void SequencesAreIndentedWithItemMarkers()
    {
        var inner = new DicomDataset();
        inner.AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, "1.2.3");
        var nested = new DicomDataset();
        nested.AddOrUpdate(DicomTags.CodeValue, "T-D4000");
        inner.AddOrUpdate(new DicomSequence(DicomTags.PurposeOfReferenceCodeSequence, [nested]));
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ReferencedImageSequence, [inner]));

        var lines = Format(dataset);

        Assert.Equal(
            [
                "(0008,1140) SQ (Sequence #=1)",
                "  (fffe,e000) na (Item #1 with 2 elements)",
                "    (0008,1155) UI [1.2.3]",
                "    (0040,a170) SQ (Sequence #=1)",
                "      (fffe,e000) na (Item #1 with 1 elements)",
                "        (0008,0100) SH [T-D4000]",
                "      (fffe,e00d) na (ItemDelimitationItem)",
                "    (fffe,e0dd) na (SequenceDelimitationItem)",
                "  (fffe,e00d) na (ItemDelimitationItem)",
                "(fffe,e0dd) na (SequenceDelimitationItem)",
            ],
            lines.Select(l => l[..l.LastIndexOf(" # ", StringComparison.Ordinal)].TrimEnd()));
    }

    [Fact]
    public void EncapsulatedPixelDataListsItsFragments()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, MemoryByteBuffer.Empty, [new MemoryByteBuffer(new byte[] { 0xFF, 0xD8, 0xFF, 0xC3 })]));

        var lines = Format(dataset);

        Assert.StartsWith("(7fe0,0010) OB (PixelSequence #=2)", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  (fffe,e000) pi (no value available)", lines[1], StringComparison.Ordinal);
        Assert.StartsWith(@"  (fffe,e000) pi ff\d8\ff\c3", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("(fffe,e0dd) na (SequenceDelimitationItem)", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void FileListingStartsWithTheMetaAndNamesTheTransferSyntax()
    {
        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTags.TransferSyntaxUID, TransferSyntax.ExplicitVRBigEndian.Uid);
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.Modality, "CT");
        using var writer = new StringWriter();

        new DicomDumpFormatter(new DumpOptions()).WriteFile(writer, "x.dcm", meta, dataset, TransferSyntax.ExplicitVRBigEndian, stoppedBeforePixelData: true);
        var text = writer.ToString();

        Assert.True(text.IndexOf("# Dicom-Meta-Information-Header", StringComparison.Ordinal) < text.IndexOf("(0002,0010)", StringComparison.Ordinal));
        Assert.True(text.IndexOf("(0002,0010)", StringComparison.Ordinal) < text.IndexOf("# Dicom-Data-Set", StringComparison.Ordinal));
        Assert.Contains("# Used TransferSyntax: Explicit VR Big Endian (Retired) [1.2.840.10008.1.2.2]", text, StringComparison.Ordinal);
        Assert.Contains("# Pixel Data not read (--no-pixel)", text, StringComparison.Ordinal);
    }

    private static string[] Format(DicomDataset dataset, DumpOptions? options = null)
    {
        using var writer = new StringWriter();
        new DicomDumpFormatter(options ?? new DumpOptions()).WriteDataset(writer, dataset, 0);
        return writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }
}
