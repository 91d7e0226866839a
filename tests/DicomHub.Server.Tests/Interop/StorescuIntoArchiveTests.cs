using System.Globalization;
using System.Net;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Interop;

/// <summary>DCMTK's storescu sends into the archive's DIMSE listener; the same instances come back over DICOMweb.</summary>
public sealed class StorescuIntoArchiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StorescuInstancesAreFoundByQidoAndRetrievedIdenticalByWado()
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Dimse:Enabled"] = "true",
            ["Dimse:Port"] = "0",
            ["Dimse:AeTitle"] = "DICOMHUB",
        });
        using var files = new TempDirectory("storescu-in");
        var datasets = new List<DicomDataset>();
        for (var i = 1; i <= 3; i++)
        {
            var dataset = TestFiles.WithPixels(TestDatasets.Dataset($"2.{i}", study: "1.2.3.1", series: "1.2.3.1.1", instanceNumber: i.ToString(CultureInfo.InvariantCulture)), rows: 32, columns: 32);
            datasets.Add(dataset);
            await File.WriteAllBytesAsync(files.Combine($"IM{i}.dcm"), await TestFiles.Part10Async(dataset), Ct);
        }

        var port = server.DimsePort!.Value.ToString(CultureInfo.InvariantCulture);
        var run = await Peers.RunAsync(storescu, ["-aet", "STORESCU", "-aec", "DICOMHUB", "127.0.0.1", port, .. Directory.GetFiles(files.Path).Order()], cancellationToken: Ct);
        Assert.True(run.ExitCode == 0, $"storescu failed ({run.ExitCode}): {run.StandardError}");

        using var query = JsonDocument.Parse(await server.Client.GetStringAsync("studies/1.2.3.1/instances", Ct));
        Assert.Equal(3, query.RootElement.GetArrayLength());

        for (var i = 1; i <= 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"studies/1.2.3.1/series/1.2.3.1.1/instances/2.{i}");
            request.Headers.Accept.Add(Multipart.Accept("multipart/related; type=\"application/dicom\"; transfer-syntax=*"));
            using var response = await server.Client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var part = Assert.Single(await Multipart.ReadAsync(response, Ct));
            var retrieved = await DicomFile.ReadAsync(new MemoryStream(part.Bytes), cancellationToken: Ct);
            Assert.Equal("STORESCU", retrieved.FileMetaInformation.GetString(Dicom.Dictionary.DicomTags.SourceApplicationEntityTitle));
            Assert.Equal(
                DicomDatasetWriter.Encode(datasets[i - 1], TransferSyntax.ExplicitVRLittleEndian),
                DicomDatasetWriter.Encode(retrieved.Dataset, TransferSyntax.ExplicitVRLittleEndian));
        }
    }

    [Fact]
    public async Task EchoscuIsAnsweredAndHealthReportsBothListeners()
    {
        var echoscu = Peers.Require("echoscu", "dcmtk");
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Dimse:Enabled"] = "true", ["Dimse:Port"] = "0" });
        var run = await Peers.RunAsync(echoscu, ["-aec", "DICOMHUB", "127.0.0.1", server.DimsePort!.Value.ToString(CultureInfo.InvariantCulture)], cancellationToken: Ct);
        Assert.True(run.ExitCode == 0, run.StandardError);
        using var health = await server.Client.GetAsync(new Uri(server.BaseAddress, "/healthz"), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"dimse\":\"ready\"", await health.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
