using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DicomHub.Cli.Tests.Support;
using DicomHub.Server;
using DicomHub.Testing;

namespace DicomHub.Cli.Tests;

/// <summary>
/// `send report.pdf --study` by C-STORE and by STOW-RS, `manifest`, and finding both by modality with QIDO-RS and
/// C-FIND, against DicomHub's own archive.
/// </summary>
public sealed class DocumentCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PdfBySendEitherProtocolThenManifestAllFoundByModality()
    {
        using var dir = new TempDirectory();
        await using var app = CliTestArchive.Build(dir.Combine("data"));
        await app.StartAsync(Ct);
        try
        {
            var dimse = CliTestArchive.DimseUri(app);
            var web = CliTestArchive.WebUri(app);
            Assert.Equal(0, (await CliHarness.RunAsync("generate", "-p", "mr630", "-o", dir.Combine("in"), "--seed", "8", "--limit", "2")).ExitCode);
            Assert.Equal(0, (await CliHarness.RunAsync("send", dir.Combine("in"), "--to", web)).ExitCode);
            var study = JsonDocument.Parse((await CliHarness.RunAsync("query", "--from", web, "--json")).Output).RootElement[0].GetProperty("0020000D").GetProperty("Value")[0].GetString()!;
            var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
            await File.WriteAllBytesAsync(dir.Combine("report.pdf"), pdf, Ct);

            var byDimse = await CliHarness.RunAsync("send", dir.Combine("report.pdf"), "--study", study, "--to", dimse);
            var byStow = await CliHarness.RunAsync("send", dir.Combine("report.pdf"), "--study", study, "--to", web, "--title", "Discharge letter");
            Assert.True(byDimse.ExitCode == 0, byDimse.ToString());
            Assert.True(byStow.ExitCode == 0, byStow.ToString());
            Assert.Contains("Encapsulated PDF", byStow.Output, StringComparison.Ordinal);

            var manifest = await CliHarness.RunAsync("manifest", "--study", study, "--to", web);
            Assert.True(manifest.ExitCode == 0, manifest.ToString());
            Assert.Contains("listing 4 instance(s)", manifest.Output, StringComparison.Ordinal);

            foreach (var source in new[] { web, dimse })
            {
                var docs = await CliHarness.RunAsync("query", "--from", source, "--level", "series", "--study", study, "-k", "Modality=DOC", "--json");
                Assert.True(docs.ExitCode == 0, docs.ToString());
                Assert.Equal(2, JsonDocument.Parse(docs.Output).RootElement.GetArrayLength());
                var kos = await CliHarness.RunAsync("query", "--from", source, "-k", "ModalitiesInStudy=KO", "--json");
                Assert.Equal(study, JsonDocument.Parse(kos.Output).RootElement[0].GetProperty("0020000D").GetProperty("Value")[0].GetString());
                var doc = await CliHarness.RunAsync("query", "--from", source, "-k", "ModalitiesInStudy=DOC", "--json");
                Assert.Equal(1, JsonDocument.Parse(doc.Output).RootElement.GetArrayLength());
            }

            // The PDF sent over STOW-RS comes back from WADO-RS as itself.
            var instances = await CliHarness.RunAsync("query", "--from", web, "--level", "instance", "--study", study, "-k", "Modality=DOC", "--include", "DocumentTitle", "--json");
            var stowed = JsonDocument.Parse(instances.Output).RootElement.EnumerateArray().Single(i => i.GetProperty("00420010").GetProperty("Value")[0].GetString() == "Discharge letter");
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, stowed.GetProperty("00081190").GetProperty("Value")[0].GetString());
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync(Ct));
        }
        finally
        {
            await app.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task PdfSentToOrthancByStowRsFilesUnderTheStudyOrthancHolds()
    {
        Peers.Require("Orthanc", "orthanc");
        await using var orthanc = await OrthancServer.StartAsync(cancellationToken: Ct);
        using var dir = new TempDirectory();
        var root = orthanc.DicomWebRoot.AbsoluteUri;
        Assert.Equal(0, (await CliHarness.RunAsync("generate", "-p", "cr1", "-o", dir.Combine("in"), "--seed", "4", "--limit", "1")).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync("send", dir.Combine("in"), "--to", root)).ExitCode);
        var study = JsonDocument.Parse((await CliHarness.RunAsync("query", "--from", root, "--json")).Output).RootElement[0];
        var uid = study.GetProperty("0020000D").GetProperty("Value")[0].GetString()!;
        await File.WriteAllTextAsync(dir.Combine("report.pdf"), "%PDF-1.4\n%%EOF\n", Ct);

        var send = await CliHarness.RunAsync("send", dir.Combine("report.pdf"), "--study", uid, "--to", root);
        Assert.True(send.ExitCode == 0, send.ToString());

        var docs = await CliHarness.RunAsync("query", "--from", root, "--level", "series", "--study", uid, "-k", "Modality=DOC", "--json");
        Assert.True(docs.ExitCode == 0, docs.ToString());
        Assert.Equal(1, JsonDocument.Parse(docs.Output).RootElement.GetArrayLength());
        var studies = JsonDocument.Parse((await CliHarness.RunAsync("query", "--from", root, "--json")).Output).RootElement;
        var after = Assert.Single(studies.EnumerateArray());
        Assert.Equal(study.GetProperty("00100020").GetRawText(), after.GetProperty("00100020").GetRawText());
        Assert.Equal(2, after.GetProperty("00201208").GetProperty("Value")[0].GetInt32());
    }

    [Fact]
    public async Task SendingAPdfToAStudyTheArchiveDoesNotHoldFailsClearly()
    {
        using var dir = new TempDirectory();
        await using var app = CliTestArchive.Build(dir.Combine("data"));
        await app.StartAsync(Ct);
        try
        {
            var dimse = CliTestArchive.DimseUri(app);
            var web = CliTestArchive.WebUri(app);
            await File.WriteAllTextAsync(dir.Combine("report.pdf"), "%PDF-1.4\n%%EOF\n", Ct);
            foreach (var target in new[] { web, dimse })
            {
                var run = await CliHarness.RunAsync("send", dir.Combine("report.pdf"), "--study", "1.2.3.4.5", "--to", target);
                Assert.Equal(1, run.ExitCode);
                Assert.Contains("Study 1.2.3.4.5 does not exist on", run.Error, StringComparison.Ordinal);
            }

            var manifest = await CliHarness.RunAsync("manifest", "--study", "1.2.3.4.5", "--to", web);
            Assert.Equal(1, manifest.ExitCode);
            Assert.Contains("Study 1.2.3.4.5 is not in the archive", manifest.Error, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task AFileThatIsNotAPdfIsRefusedAndAPdfWithoutStudyIsAUsageError()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("report.pdf"), "<html/>", Ct);
        await File.WriteAllTextAsync(dir.Combine("real.pdf"), "%PDF-1.4\n%%EOF\n", Ct);

        var notPdf = await CliHarness.RunAsync("send", dir.Combine("report.pdf"), "--study", "1.2.3", "--to", "http://127.0.0.1:1/dicomweb");
        Assert.Equal(4, notPdf.ExitCode);
        Assert.Contains("is not a PDF", notPdf.Error, StringComparison.Ordinal);

        var noStudy = await CliHarness.RunAsync("send", dir.Combine("real.pdf"), "--to", "http://127.0.0.1:1/dicomweb");
        Assert.Equal(2, noStudy.ExitCode);
        Assert.Contains("add --study UID", noStudy.Error, StringComparison.Ordinal);
    }
}
