using DicomHub.Testing;

namespace DicomHub.Cli.Tests;

/// <summary>`dicomhub dump` on real files: generated ones, DCMTK-converted ones, and broken ones.</summary>
public sealed class DumpCommandTests
{
    [Fact]
    public async Task ListsTheMetaThenTheDataSetWithTheTransferSyntaxName()
    {
        using var dir = new TempDirectory("dicomhub-dump");
        var file = await GeneratedFile.MrAsync(dir);

        var run = await CliHarness.RunAsync("dump", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n');
        var meta = Array.FindIndex(lines, l => l.StartsWith("# Dicom-Meta-Information-Header", StringComparison.Ordinal));
        var data = Array.FindIndex(lines, l => l.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal));
        Assert.True(meta >= 0 && data > meta);
        Assert.Contains(lines[meta..data], l => l.StartsWith("(0002,0010) UI [1.2.840.10008.1.2.1] =ExplicitVRLittleEndian", StringComparison.Ordinal));
        Assert.Equal("# Used TransferSyntax: Explicit VR Little Endian [1.2.840.10008.1.2.1]", lines[data + 1]);
        Assert.Contains(lines, l => l.StartsWith("(0008,0060) CS [MR]", StringComparison.Ordinal) && l.EndsWith("2, 1 Modality", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("(0028,0010) US 256", StringComparison.Ordinal) && l.EndsWith("2, 1 Rows", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("(7fe0,0010) OW ", StringComparison.Ordinal) && l.EndsWith("131072, 1 PixelData", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoPixelStopsBeforePixelData()
    {
        using var dir = new TempDirectory("dicomhub-dump");
        var file = await GeneratedFile.MrAsync(dir);

        var run = await CliHarness.RunAsync("dump", "--no-pixel", file);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("(7fe0,0010)", run.Output, StringComparison.Ordinal);
        Assert.Contains("# Pixel Data not read (--no-pixel)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadsWhatDcmtkWritesInBigEndianAndImplicit()
    {
        var dcmconv = Peers.Require("dcmconv", "dcmtk");
        using var dir = new TempDirectory("dicomhub-dump");
        var file = await GeneratedFile.MrAsync(dir);
        var reference = (await CliHarness.RunAsync("dump", file)).Output;

        foreach (var (option, name) in new[] { ("+tb", "Explicit VR Big Endian (Retired)"), ("+ti", "Implicit VR Little Endian"), ("+td", "Deflated Explicit VR Little Endian") })
        {
            var converted = dir.Combine($"dcmtk{option}.dcm");
            var conv = await Peers.RunAsync(dcmconv, [option, file, converted], cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(conv.ExitCode == 0, conv.StandardError);

            var run = await CliHarness.RunAsync("dump", converted);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains($"# Used TransferSyntax: {name}", run.Output, StringComparison.Ordinal);
            Assert.Equal(DataSetLines(reference), DataSetLines(run.Output));
        }
    }

    [Fact]
    public async Task JsonIsTheDicomJsonModelWithPixelDataAsBulkData()
    {
        using var dir = new TempDirectory("dicomhub-dump");
        var file = await GeneratedFile.MrAsync(dir);

        var run = await CliHarness.RunAsync("dump", "--json", file, file);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        Assert.Equal(2, json.RootElement.GetArrayLength());
        var first = json.RootElement[0];
        Assert.Equal("MR", first.GetProperty("00080060").GetProperty("Value")[0].GetString());
        Assert.Equal("PN", first.GetProperty("00100010").GetProperty("vr").GetString());
        Assert.Contains('^', first.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString()!);
        Assert.Equal(256, first.GetProperty("00280010").GetProperty("Value")[0].GetInt32());
        Assert.False(first.TryGetProperty("00020010", out _), "the JSON model carries no file meta information");
        var pixels = first.GetProperty("7FE00010");
        Assert.Equal("OW", pixels.GetProperty("vr").GetString());
        Assert.EndsWith("length=131072", pixels.GetProperty("BulkDataURI").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFileExitsWith3()
    {
        using var dir = new TempDirectory("dicomhub-dump");
        var run = await CliHarness.RunAsync("dump", dir.Combine("nope.dcm"));
        Assert.Equal(CliRunner.FileNotFound, run.ExitCode);
        Assert.Contains("file not found", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonDicomFileExitsWith4()
    {
        using var dir = new TempDirectory("dicomhub-dump");
        var text = dir.Combine("notes.txt");
        await File.WriteAllTextAsync(text, "this is not a DICOM file, just some text that is long enough to have 132 bytes of content... " + new string('x', 200), TestContext.Current.CancellationToken);

        var run = await CliHarness.RunAsync("dump", text);

        Assert.Equal(CliRunner.NotDicom, run.ExitCode);
        Assert.Contains("is not a DICOM file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedFileExitsWith5AndNamesTheByte()
    {
        using var dir = new TempDirectory("dicomhub-dump");
        var file = await GeneratedFile.MrAsync(dir);
        var truncated = dir.Combine("truncated.dcm");
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(truncated, bytes[..5000], TestContext.Current.CancellationToken);

        var run = await CliHarness.RunAsync("dump", truncated);

        Assert.Equal(CliRunner.MalformedDicom, run.ExitCode);
        Assert.Matches("at byte [0-9]+", run.Error);
    }

    [Fact]
    public async Task SeveralFilesAreListedAndABadOneDoesNotStopTheOthers()
    {
        using var dir = new TempDirectory("dicomhub-dump");
        var file = await GeneratedFile.MrAsync(dir);

        var run = await CliHarness.RunAsync("dump", file, dir.Combine("missing.dcm"), file);

        Assert.Equal(CliRunner.FileNotFound, run.ExitCode);
        Assert.Equal(2, run.Output.Split('\n').Count(l => l.StartsWith("# File: ", StringComparison.Ordinal)));
        Assert.Contains("missing.dcm", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The data set part of a listing, without the transfer syntax line (which differs by design).</summary>
    internal static string[] DataSetLines(string listing)
    {
        var lines = listing.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal));
        return [.. lines[(start + 2)..].Where(l => !l.StartsWith('#') && l.Length > 0)];
    }
}
