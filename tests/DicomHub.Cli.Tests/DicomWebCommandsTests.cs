using System.Text.Json;
using DicomHub.Testing;

namespace DicomHub.Cli.Tests;

/// <summary>`send` (STOW-RS), `query` (QIDO-RS) and `retrieve` (WADO-RS) end to end against a real Orthanc.</summary>
public sealed class DicomWebCommandsTests
{
    [Fact]
    public async Task Send_query_and_retrieve_a_generated_study_through_Orthanc()
    {
        Peers.Require("Orthanc", "orthanc");
        await using var orthanc = await OrthancServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var dir = new TempDirectory();
        var root = orthanc.DicomWebRoot.AbsoluteUri;
        var generate = await CliHarness.RunAsync("generate", "-p", "mr630", "-o", dir.Combine("in"), "--seed", "3", "--limit", "6");
        Assert.True(generate.ExitCode == 0, generate.ToString());

        var send = await CliHarness.RunAsync("send", dir.Combine("in"), "--to", root, "--batch", "4", "--parallel", "2");
        var query = await CliHarness.RunAsync("query", "--from", root, "--json");
        var study = JsonDocument.Parse(query.Output).RootElement[0].GetProperty("0020000D").GetProperty("Value")[0].GetString()!;
        var table = await CliHarness.RunAsync("query", "--from", root, "--level", "series", "--study", study);
        var retrieve = await CliHarness.RunAsync("retrieve", "--from", root, "--study", study, "--out", dir.Combine("out"));

        Assert.True(send.ExitCode == 0, send.ToString());
        Assert.Contains("sent 6, warnings 0, failed 0", send.Output, StringComparison.Ordinal);
        Assert.Contains("over 2 request(s)", send.Output, StringComparison.Ordinal);
        Assert.True(query.ExitCode == 0, query.ToString());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("SeriesInstanceUID", table.Output, StringComparison.Ordinal);
        Assert.True(retrieve.ExitCode == 0, retrieve.ToString());
        Assert.Contains("retrieved 6 objects", retrieve.Output, StringComparison.Ordinal);
        Assert.Equal(6, Directory.GetFiles(dir.Combine("out"), "*.dcm").Length);
    }

    [Fact]
    public async Task Send_reports_each_failure_and_exits_non_zero()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("notes.txt"), "not DICOM", TestContext.Current.CancellationToken);

        var run = await CliHarness.RunAsync("send", dir.Path, "--to", $"http://127.0.0.1:{FreePort.Next()}/dicomweb");

        Assert.Equal(1, run.ExitCode);
        // Nothing listens there: the file fails with the connection error, named with the fix.
        Assert.Contains("FAILED: " + dir.Combine("notes.txt") + ": ", run.Output, StringComparison.Ordinal);
        Assert.Contains("Check that the DICOMweb server is running", run.Output, StringComparison.Ordinal);
        Assert.Contains("sent 0, warnings 0, failed 1", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("query", "--from", "dicom://ARCHIVE@127.0.0.1:11112", "-k", "ReferencedStudySequence.StudyInstanceUID=1.2")]
    [InlineData("retrieve", "--from", "dicom://ARCHIVE@127.0.0.1:11112", "--study", "1.2", "--out", "x")]
    [InlineData("query", "--from", "http://127.0.0.1:1/dicomweb", "-k", "NoSuchKeyword=1")]
    [InlineData("retrieve", "--from", "http://127.0.0.1:1/dicomweb", "--study", "1.2", "--instance", "3.4", "--out", "x")]
    public async Task Usage_errors_name_the_fix(params string[] args)
    {
        var run = await CliHarness.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.NotEmpty(run.Error);
    }
}
