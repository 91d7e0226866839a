using System.Globalization;
using System.Text.Json;
using DicomHub.Cli.Tests.Support;
using DicomHub.Server;
using DicomHub.Testing;

namespace DicomHub.Cli.Tests;

/// <summary>`query --from dicom://` (C-FIND) against DicomHub's own archive, checked against QIDO-RS on the same archive.</summary>
public sealed class DimseQueryCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CFindAndQidoReturnTheSameMatchesFromTheSameArchive()
    {
        using var dir = new TempDirectory();
        await using var app = CliTestArchive.Build(dir.Combine("data"));
        await app.StartAsync(Ct);
        try
        {
            var dimse = CliTestArchive.DimseUri(app);
            var qido = CliTestArchive.WebUri(app);
            var generate = await CliHarness.RunAsync("generate", "-p", "mr630", "-o", dir.Combine("in"), "--seed", "5", "--limit", "4");
            Assert.True(generate.ExitCode == 0, generate.ToString());
            var send = await CliHarness.RunAsync("send", dir.Combine("in"), "--to", dimse);
            Assert.True(send.ExitCode == 0, send.ToString());

            var byDimse = await CliHarness.RunAsync("query", "--from", dimse, "--json");
            var byQido = await CliHarness.RunAsync("query", "--from", qido, "--json");
            Assert.True(byDimse.ExitCode == 0, byDimse.ToString());
            Assert.True(byQido.ExitCode == 0, byQido.ToString());
            var study = Assert.Single(JsonDocument.Parse(byDimse.Output).RootElement.EnumerateArray());
            var expected = Assert.Single(JsonDocument.Parse(byQido.Output).RootElement.EnumerateArray());
            foreach (var tag in new[] { "0020000D", "00100010", "00100020", "00080020", "00080061", "00201208" })
            {
                Assert.Equal(expected.GetProperty(tag).GetProperty("Value").GetRawText(), study.GetProperty(tag).GetProperty("Value").GetRawText());
            }

            Assert.Equal("STUDY", study.GetProperty("00080052").GetProperty("Value")[0].GetString());
            var uid = study.GetProperty("0020000D").GetProperty("Value")[0].GetString()!;

            var instances = await CliHarness.RunAsync("query", "--from", dimse, "--level", "instance", "--study", uid, "-k", "InstanceNumber=1\\2", "--limit", "5");
            Assert.True(instances.ExitCode == 0, instances.ToString());
            Assert.Contains("2 instances", instances.Output, StringComparison.Ordinal);
            Assert.Contains("SOPInstanceUID", instances.Output, StringComparison.Ordinal);

            var none = await CliHarness.RunAsync("query", "--from", dimse, "-k", "PatientID=NO-SUCH-PATIENT");
            Assert.True(none.ExitCode == 0, none.ToString());
            Assert.Contains("0 studies", none.Output, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task AQueryToAPortWithoutAnArchiveFailsWithTheCause()
    {
        var run = await CliHarness.RunAsync("query", "--from", $"dicom://ARCHIVE@127.0.0.1:{FreePort.Next()}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("C-FIND to dicom://ARCHIVE@127.0.0.1", run.Error, StringComparison.Ordinal);
    }
}
