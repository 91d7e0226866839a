using DicomHub.Testing;

namespace DicomHub.Cli.Tests;

/// <summary>`dicomhub convert` between the native transfer syntaxes, checked against DCMTK.</summary>
public sealed class ConvertCommandTests
{
    [Fact]
    public async Task ExplicitToBigToImplicitToExplicitGivesTheSameFile()
    {
        using var dir = new TempDirectory("dicomhub-convert");
        var original = await GeneratedFile.CtAsync(dir);
        var big = dir.Combine("big.dcm");
        var implicitLe = dir.Combine("implicit.dcm");
        var back = dir.Combine("back.dcm");

        Assert.Equal(0, (await CliHarness.RunAsync("convert", original, big, "--transfer-syntax", "ExplicitVRBigEndian")).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync("convert", big, implicitLe, "--transfer-syntax", "1.2.840.10008.1.2")).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync("convert", implicitLe, back, "-t", "Explicit VR Little Endian")).ExitCode);

        Assert.Equal(await File.ReadAllBytesAsync(original, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(back, TestContext.Current.CancellationToken));
        var dumpOriginal = (await CliHarness.RunAsync("dump", original)).Output;
        var dumpBig = (await CliHarness.RunAsync("dump", big)).Output;
        Assert.Equal(DumpCommandTests.DataSetLines(dumpOriginal), DumpCommandTests.DataSetLines(dumpBig));
    }

    [Theory]
    [InlineData("ExplicitVRBigEndian", "BigEndianExplicit")]
    [InlineData("ImplicitVRLittleEndian", "LittleEndianImplicit")]
    [InlineData("DeflatedExplicitVRLittleEndian", "DeflatedLittleEndianExplicit")]
    public async Task DcmdumpReadsTheConvertedFileWithTheSameValues(string syntax, string dcmtkName)
    {
        var dcmdump = Peers.Require("dcmdump", "dcmtk");
        using var dir = new TempDirectory("dicomhub-convert");
        var original = await GeneratedFile.MrAsync(dir);
        var converted = dir.Combine("converted.dcm");

        var run = await CliHarness.RunAsync("convert", original, converted, "-t", syntax);
        Assert.True(run.ExitCode == 0, run.ToString());

        var expected = await Peers.RunAsync(dcmdump, ["+L", original], cancellationToken: TestContext.Current.CancellationToken);
        var actual = await Peers.RunAsync(dcmdump, ["+L", converted], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(string.Empty, actual.StandardError);
        Assert.Contains($"(0002,0010) UI ={dcmtkName}", actual.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(DcmdumpDataSet(expected.StandardOutput), DcmdumpDataSet(actual.StandardOutput));
    }

    [Theory]
    [InlineData("RLELossless", "dcmdrle")]
    [InlineData("JPEGLosslessSV1", "dcmdjpeg")]
    [InlineData("1.2.840.10008.1.2.4.70", "dcmdjpeg")]
    public async Task CompressesSoThatDcmtkDecodesTheSamePixels(string syntax, string decoder)
    {
        var dcmtkDecoder = Peers.Require(decoder, "dcmtk");
        using var dir = new TempDirectory("dicomhub-convert");
        var original = await GeneratedFile.CtAsync(dir);
        var compressed = dir.Combine("compressed.dcm");
        var decoded = dir.Combine("decoded.dcm");

        var run = await CliHarness.RunAsync("convert", original, compressed, "-t", syntax);
        Assert.True(run.ExitCode == 0, run.ToString());
        var decode = await Peers.RunAsync(dcmtkDecoder, [compressed, decoded], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(decode.ExitCode == 0, decode.StandardError);

        Assert.True(new FileInfo(compressed).Length < new FileInfo(original).Length * 0.7, "lossless compression of a CT should save at least 30%");
        Assert.Equal(await PixelBytesAsync(original), await PixelBytesAsync(decoded));
    }

    [Fact]
    public async Task DecompressesWhatDcmtkCompressed()
    {
        var dcmcjpeg = Peers.Require("dcmcjpeg", "dcmtk");
        using var dir = new TempDirectory("dicomhub-convert");
        var original = await GeneratedFile.CtAsync(dir);
        var compressed = dir.Combine("dcmtk-jpeg.dcm");
        var back = dir.Combine("back.dcm");

        var encode = await Peers.RunAsync(dcmcjpeg, ["+e1", original, compressed], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(encode.ExitCode == 0, encode.StandardError);
        var run = await CliHarness.RunAsync("convert", compressed, back, "-t", "explicit");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(await PixelBytesAsync(original), await PixelBytesAsync(back));
    }

    [Fact]
    public async Task UnknownTransferSyntaxIsAUsageError()
    {
        using var dir = new TempDirectory("dicomhub-convert");
        var original = await GeneratedFile.MrAsync(dir);
        var run = await CliHarness.RunAsync("convert", original, dir.Combine("x.dcm"), "-t", "JPEG-XL-Ultra");
        Assert.Equal(CliRunner.UsageError, run.ExitCode);
        Assert.Contains("unknown transfer syntax", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("x.dcm")));
    }

    [Fact]
    public async Task MissingInputExitsWith3()
    {
        using var dir = new TempDirectory("dicomhub-convert");
        var run = await CliHarness.RunAsync("convert", dir.Combine("in.dcm"), dir.Combine("out.dcm"), "-t", "ExplicitVRLittleEndian");
        Assert.Equal(CliRunner.FileNotFound, run.ExitCode);
    }

    private static async Task<byte[]> PixelBytesAsync(string path)
    {
        var file = await DicomHub.Dicom.IO.DicomFile.OpenAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        var pixels = file.Dataset.Get<DicomHub.Dicom.Data.DicomElement>(DicomHub.Dicom.Dictionary.DicomTags.PixelData);
        Assert.NotNull(pixels);
        return pixels.Buffer.Memory.ToArray();
    }

    /// <summary>dcmdump's data set lines: everything after the "# Dicom-Data-Set" header.</summary>
    private static string[] DcmdumpDataSet(string text)
    {
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal));
        return [.. lines[(start + 2)..].Where(l => l.Length > 0)];
    }
}
