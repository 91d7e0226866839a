using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.IO;

/// <summary>DCMTK as the reference reader and writer: what we write it reads cleanly, what it writes we read.</summary>
public class DcmtkInteropTests
{
    public static TheoryData<string, string> WrittenSyntaxes => new()
    {
        { TransferSyntax.ImplicitVRLittleEndian.Uid, "=LittleEndianImplicit" },
        { TransferSyntax.ExplicitVRLittleEndian.Uid, "=LittleEndianExplicit" },
        { TransferSyntax.ExplicitVRBigEndian.Uid, "=BigEndianExplicit" },
        { TransferSyntax.DeflatedExplicitVRLittleEndian.Uid, "=DeflatedLittleEndianExplicit" },
        { TransferSyntax.RLELossless.Uid, "=RLELossless" },
    };

    public static TheoryData<string, string> DcmconvOptions => new()
    {
        { "+te", TransferSyntax.ExplicitVRLittleEndian.Uid },
        { "+tb", TransferSyntax.ExplicitVRBigEndian.Uid },
        { "+ti", TransferSyntax.ImplicitVRLittleEndian.Uid },
        { "+td", TransferSyntax.DeflatedExplicitVRLittleEndian.Uid },
    };

    [Theory]
    [MemberData(nameof(WrittenSyntaxes))]
    public async Task Dcmdump_reads_what_we_write_without_complaint_and_with_the_same_values(string uid, string dcmtkName)
    {
        var dcmdump = Peers.Require("dcmdump", "dcmtk");
        using var temp = new TempDirectory();
        var path = temp.Combine("ours.dcm");
        var syntax = TransferSyntax.FromUid(uid);
        var dataset = SampleDatasets.Image();
        if (syntax.IsEncapsulated)
        {
            SampleDatasets.Encapsulated(dataset);
        }

        await DicomFile.Create(dataset, syntax).SaveAsync(path, TestContext.Current.CancellationToken);
        var result = await Peers.RunAsync(dcmdump, ["+L", path], cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(string.Empty, result.StandardError);
        var dump = result.StandardOutput;
        Assert.DoesNotContain("W:", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("E:", dump, StringComparison.Ordinal);
        Assert.Contains($"(0002,0010) UI {dcmtkName}", dump, StringComparison.Ordinal);
        Assert.Contains($"(0002,0012) UI [{DicomImplementation.ClassUid}]", dump, StringComparison.Ordinal);
        Assert.Contains("(0002,0013) SH [DICOMHUB_1]", dump, StringComparison.Ordinal);
        Assert.Contains($"(0002,0003) UI [{SampleDatasets.SopInstance}]", dump, StringComparison.Ordinal);
        Assert.Contains("(0010,0010) PN [Doe^John]", dump, StringComparison.Ordinal);
        Assert.Contains("(0028,0010) US 4", dump, StringComparison.Ordinal);
        Assert.Contains("(0028,0030) DS [0.5\\0.625]", dump, StringComparison.Ordinal);
        Assert.Contains("(0028,0009) AT (0018,1063)", dump, StringComparison.Ordinal);
        Assert.Contains("(0040,9212) FD 1.5\\-2.25", dump, StringComparison.Ordinal);
        Assert.Contains("(0008,0104) LO [Tissue]", dump, StringComparison.Ordinal);
        if (syntax.IsExplicitVR)
        {
            Assert.Contains("(0009,0010) LO [DICOMHUB TEST]", dump, StringComparison.Ordinal);
            Assert.Contains("(0009,1001) UN 01\\02\\03\\04\\05\\06", dump, StringComparison.Ordinal);
        }

        if (syntax.IsEncapsulated)
        {
            Assert.Contains("(fffe,e000) pi ff\\d8\\04\\05\\06\\07\\08\\09\\0a\\0b", dump, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("(7fe0,0010) OW 0000\\0107\\020e\\0315", dump, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(DcmconvOptions))]
    public async Task We_read_what_dcmconv_writes_with_the_same_values(string option, string expectedUid)
    {
        var dcmconv = Peers.Require("dcmconv", "dcmtk");
        using var temp = new TempDirectory();
        var original = SampleDatasets.Image();
        var source = temp.Combine("source.dcm");
        var converted = temp.Combine("converted.dcm");
        await DicomFile.Create(original, TransferSyntax.ExplicitVRLittleEndian).SaveAsync(source, TestContext.Current.CancellationToken);
        await RunAsync(dcmconv, option, source, converted);

        var read = await DicomFile.OpenAsync(converted, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(read.Warnings);
        Assert.Equal(expectedUid, read.TransferSyntax.Uid);
        Assert.Equal(SampleDatasets.Canonical(WithoutPrivateVRs(original, read.TransferSyntax)), SampleDatasets.Canonical(WithoutPrivateVRs(read.Dataset, read.TransferSyntax)));
    }

    [Theory]
    [InlineData("dcmcrle", "", "1.2.840.10008.1.2.5")]
    [InlineData("dcmcjpeg", "+e1", "1.2.840.10008.1.2.4.70")]
    public async Task We_read_compressed_files_dcmtk_writes_as_fragments(string program, string option, string expectedUid)
    {
        var tool = Peers.Require(program, "dcmtk");
        using var temp = new TempDirectory();
        var source = temp.Combine("source.dcm");
        var compressed = temp.Combine("compressed.dcm");
        var original = SampleDatasets.Image(rows: 64, columns: 64);
        await DicomFile.Create(original, TransferSyntax.ExplicitVRLittleEndian).SaveAsync(source, TestContext.Current.CancellationToken);
        await RunAsync(tool, option, source, compressed);

        var read = await DicomFile.OpenAsync(compressed, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(read.Warnings);
        Assert.Equal(expectedUid, read.TransferSyntax.Uid);
        var fragments = Assert.IsType<DicomFragmentSequence>(read.Dataset[DicomTags.PixelData]);
        Assert.NotEmpty(fragments.Fragments);
        Assert.Equal("Doe^John", read.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal(64, read.Dataset.GetInt32(DicomTags.Columns));
    }

    [Theory]
    [InlineData("dcmconv", "+te")]
    [InlineData("dcmconv", "+tb")]
    [InlineData("dcmconv", "+ti")]
    [InlineData("dcmconv", "+td")]
    [InlineData("dcmcrle", "")]
    [InlineData("dcmcjpeg", "+e1")]
    public async Task A_dcmtk_file_we_read_and_write_back_dumps_identically(string program, string option)
    {
        var tool = Peers.Require(program, "dcmtk");
        var dcmdump = Peers.Require("dcmdump", "dcmtk");
        using var temp = new TempDirectory();
        var source = temp.Combine("source.dcm");
        var theirs = temp.Combine("theirs.dcm");
        var ours = temp.Combine("ours.dcm");
        await DicomFile.Create(SampleDatasets.Image(rows: 16, columns: 16, sequencesUndefined: false), TransferSyntax.ExplicitVRLittleEndian).SaveAsync(source, TestContext.Current.CancellationToken);
        await RunAsync(tool, option, source, theirs);

        var file = await DicomFile.OpenAsync(theirs, cancellationToken: TestContext.Current.CancellationToken);
        await file.SaveAsync(ours, TestContext.Current.CancellationToken);

        var theirDump = await DumpWithoutImplementationLinesAsync(dcmdump, theirs);
        var ourDump = await DumpWithoutImplementationLinesAsync(dcmdump, ours);
        Assert.Equal(theirDump, ourDump);
    }

    private static async Task<string> DumpWithoutImplementationLinesAsync(string dcmdump, string path)
    {
        var result = await Peers.RunAsync(dcmdump, ["+L", path], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0 && result.StandardError.Length == 0, result.StandardError);
        var lines = result.StandardOutput.Split('\n')
            .Where(l => !l.Contains("(0002,0000)", StringComparison.Ordinal)
                && !l.Contains("(0002,0012)", StringComparison.Ordinal)
                && !l.Contains("(0002,0013)", StringComparison.Ordinal)
                && !l.Contains("(0002,0016)", StringComparison.Ordinal));
        return string.Join('\n', lines);
    }

    private static async Task RunAsync(string program, string option, string input, string output)
    {
        string[] arguments = option.Length == 0 ? [input, output] : [option, input, output];
        var result = await Peers.RunAsync(program, arguments, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"{program} failed: {result.StandardError}{result.StandardOutput}");
    }

    /// <summary>Implicit VR keeps no VR for private elements: compare them as UN in that case.</summary>
    private static DicomDataset WithoutPrivateVRs(DicomDataset dataset, TransferSyntax syntax)
    {
        var copy = dataset.Clone();
        foreach (var element in copy.OfType<DicomElement>().ToList())
        {
            if (!syntax.IsExplicitVR)
            {
                var vr = element.Tag == DicomTags.PixelData ? DicomVR.OW : DicomDictionary.Default.DefaultVR(element.Tag);
                copy.AddOrUpdate(new DicomElement(element.Tag, vr, element.Buffer));
            }
        }

        return copy;
    }
}
