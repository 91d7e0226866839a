using DicomHub.Testing;

namespace DicomHub.Cli.Tests;

/// <summary>`dicomhub generate` end to end: files on disk, checked by dciodvfy and dcmdump.</summary>
public sealed class GenerateCommandTests
{
    [Theory]
    [InlineData("cr1", 1)]
    [InlineData("ct38c", 2)]
    [InlineData("mr630", 2)]
    [InlineData("ct1000", 2)]
    [InlineData("mr3813", 2)]
    public async Task GeneratedFilesPassDciodvfyAndDcmdump(string profile, int limit)
    {
        var dciodvfy = Peers.Require("dciodvfy", "dicom3tools");
        var dcmdump = Peers.Require("dcmdump", "dcmtk");
        using var dir = new TempDirectory("dicomhub-generate");

        var run = await CliHarness.RunAsync("generate", "--profile", profile, "--out", dir.Path, "--seed", "11", "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(run.ExitCode == 0, run.ToString());

        var files = Directory.GetFiles(dir.Path, "*.dcm", SearchOption.AllDirectories);
        Assert.Equal(limit, files.Length);
        foreach (var file in files)
        {
            var verify = await Peers.RunAsync(dciodvfy, [file], cancellationToken: TestContext.Current.CancellationToken);
            var report = verify.StandardOutput + verify.StandardError;
            Assert.DoesNotContain(report.Split('\n'), line => line.StartsWith("Error", StringComparison.Ordinal));
            Assert.DoesNotContain(report.Split('\n'), line => line.StartsWith("Warning", StringComparison.Ordinal));

            var dump = await Peers.RunAsync(dcmdump, ["-q", file], cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(0, dump.ExitCode);
            Assert.Equal(string.Empty, dump.StandardError);
        }
    }

    [Fact]
    public async Task RleEncodedFilesPassDciodvfyAndDcmtkDecodesThem()
    {
        var dciodvfy = Peers.Require("dciodvfy", "dicom3tools");
        var dcmdrle = Peers.Require("dcmdrle", "dcmtk");
        using var dir = new TempDirectory("dicomhub-generate");

        var run = await CliHarness.RunAsync("generate", "-p", "ct1000", "-o", dir.Path, "--seed", "5", "--limit", "1", "--transfer-syntax", "RLELossless");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("transfer syntax 1.2.840.10008.1.2.5", run.Output, StringComparison.Ordinal);

        var file = dir.Combine("study-1", "series-1", "IM0001.dcm");
        var verify = await Peers.RunAsync(dciodvfy, [file], cancellationToken: TestContext.Current.CancellationToken);
        Assert.DoesNotContain((verify.StandardOutput + verify.StandardError).Split('\n'), line => line.StartsWith("Error", StringComparison.Ordinal));
        var decode = await Peers.RunAsync(dcmdrle, [file, dir.Combine("decoded.dcm")], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(decode.ExitCode == 0, decode.StandardError);
        Assert.True(new FileInfo(file).Length < new FileInfo(dir.Combine("decoded.dcm")).Length, "RLE should make the CT smaller");
    }

    [Fact]
    public async Task SameSeedWritesTheSameBytes()
    {
        using var first = new TempDirectory("dicomhub-generate");
        using var second = new TempDirectory("dicomhub-generate");

        Assert.Equal(0, (await CliHarness.RunAsync("generate", "-p", "mr630", "-o", first.Path, "--seed", "99", "--limit", "3")).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync("generate", "-p", "mr630", "-o", second.Path, "--seed", "99", "--limit", "3")).ExitCode);

        var names = Directory.GetFiles(first.Path, "*.dcm", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first.Path, f)).Order().ToList();
        Assert.Equal(3, names.Count);
        foreach (var name in names)
        {
            Assert.Equal(await File.ReadAllBytesAsync(first.Combine(name), TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(second.Combine(name), TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task WithoutSeedRunsDiffer()
    {
        using var first = new TempDirectory("dicomhub-generate");
        using var second = new TempDirectory("dicomhub-generate");

        Assert.Equal(0, (await CliHarness.RunAsync("generate", "-p", "ct1000", "-o", first.Path, "--limit", "1")).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync("generate", "-p", "ct1000", "-o", second.Path, "--limit", "1")).ExitCode);

        var name = Path.Combine("study-1", "series-1", "IM0001.dcm");
        Assert.NotEqual(await File.ReadAllBytesAsync(first.Combine(name), TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(second.Combine(name), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UnknownProfileIsAUsageError()
    {
        using var dir = new TempDirectory("dicomhub-generate");
        var run = await CliHarness.RunAsync("generate", "-p", "ct9999", "-o", dir.Path);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("ct1000", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummaryNamesTheFilesWritten()
    {
        using var dir = new TempDirectory("dicomhub-generate");
        var run = await CliHarness.RunAsync("generate", "-p", "cr1", "-o", dir.Path, "--seed", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("cr1: 1 files", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("study-1", "series-1", "IM0001.dcm")));
    }
}
