using System.Net;
using System.Text.Json;
using DicomHub.Archive.Destinations;
using DicomHub.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Server.Tests.Forwarding;

/// <summary>POST .../export?to=NAME and GET /exports/{id}: the request side of sharing between archives.</summary>
public sealed class ExportEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnknownDestinationIs400NamingTheConfigurationFix()
    {
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Destinations:PACS2"] = "dicom://PACS2@127.0.0.1:104" });
        using var stored = await server.Client.PostAsync("studies", Multipart.Dicom(await Testing.TestFiles.InstanceAsync("2.1")), Ct);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        using var response = await server.Client.PostAsync("studies/1.2.3.1/export?to=NOWHERE", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = await Detail(response);
        Assert.Contains("'NOWHERE' is not configured", detail, StringComparison.Ordinal);
        Assert.Contains("Destinations__NOWHERE=URL", detail, StringComparison.Ordinal);
        Assert.Contains("PACS2", detail, StringComparison.Ordinal);

        using var missing = await server.Client.PostAsync("studies/1.2.3.1/export", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("?to=NAME", await Detail(missing), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownStudySeriesOrInstanceIs404()
    {
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Destinations:PACS2"] = "dicom://PACS2@127.0.0.1:104" });
        using var stored = await server.Client.PostAsync("studies", Multipart.Dicom(await Testing.TestFiles.InstanceAsync("2.1")), Ct);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        using var study = await server.Client.PostAsync("studies/9.9.9/export?to=PACS2", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, study.StatusCode);
        Assert.Contains("Study 9.9.9 is not in this archive", await Detail(study), StringComparison.Ordinal);
        using var series = await server.Client.PostAsync("studies/1.2.3.1/series/9.9/export?to=PACS2", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, series.StatusCode);
        using var instance = await server.Client.PostAsync("studies/1.2.3.1/series/1.2.3.1.1/instances/9.9/export?to=PACS2", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, instance.StatusCode);

        using var noJob = await server.Client.GetAsync("exports/12345", Ct);
        Assert.Equal(HttpStatusCode.NotFound, noJob.StatusCode);
        using var badId = await server.Client.GetAsync("exports/abc", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
    }

    [Fact]
    public async Task AcceptedExportNamesItsStatusUrlAndRecordsTheLastErrorWhileTheRemoteIsDown()
    {
        // Nothing listens on this port: the job must stay pending, with the reason, and be retried.
        var closedPort = Testing.FreePort.Next();
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Destinations:DOWN"] = $"dicom://DOWN@127.0.0.1:{closedPort}",
            ["Forwarding:RetryInitialDelay"] = "00:00:00.100",
            ["Forwarding:RetryMaxDelay"] = "00:00:00.400",
        });
        using var stored = await server.Client.PostAsync("studies", Multipart.Dicom(await Testing.TestFiles.InstanceAsync("2.1"), await Testing.TestFiles.InstanceAsync("2.2")), Ct);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        using var response = await server.Client.PostAsync("studies/1.2.3.1/export?to=DOWN", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var statusUrl = accepted.RootElement.GetProperty("statusUrl").GetString()!;
        Assert.Equal(statusUrl, response.Headers.Location!.ToString());
        Assert.Equal(2, accepted.RootElement.GetProperty("instances").GetInt32());

        var status = await Poll.UntilAsync(
            async () => JsonDocument.Parse(await server.Client.GetStringAsync(statusUrl, Ct)).RootElement.Clone(),
            s => s.GetProperty("attempts").GetInt32() >= 4,
            TimeSpan.FromSeconds(60),
            s => s.ToString(),
            Ct);
        Assert.Equal("pending", status.GetProperty("state").GetString());
        Assert.Equal(2, status.GetProperty("pending").GetInt32());
        Assert.Equal(0, status.GetProperty("done").GetInt32());
        Assert.Contains("Cannot connect", status.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        using var list = JsonDocument.Parse(await server.Client.GetStringAsync("exports", Ct));
        Assert.Equal(accepted.RootElement.GetProperty("id").GetInt64(), Assert.Single(list.RootElement.EnumerateArray().ToList()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task DestinationsAreReadFromPrefixedAndPlainEnvironmentVariables()
    {
        // Unique names: other tests building servers at the same time see these variables too, harmlessly.
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var prefixed = $"ENVA{suffix}";
        var plain = $"ENVB{suffix}";
        Environment.SetEnvironmentVariable($"DICOMHUB_Destinations__{prefixed}", "dicom://PACS@10.0.0.5:104");
        Environment.SetEnvironmentVariable($"Destinations__{plain}", "http://10.0.0.6:8042/dicom-web");
        try
        {
            using var data = new Testing.TempDirectory("env-destinations");
            await using var app = DicomHubServer.Build([], new Dictionary<string, string?> { ["Storage:DataDirectory"] = data.Path });
            var catalog = app.Services.GetRequiredService<DestinationCatalog>();
            Assert.True(catalog.TryGet(prefixed, out var dimse));
            Assert.Equal(DestinationProtocol.Dimse, dimse.Protocol);
            Assert.True(catalog.TryGet(plain, out var web));
            Assert.Equal(DestinationProtocol.DicomWeb, web.Protocol);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"DICOMHUB_Destinations__{prefixed}", null);
            Environment.SetEnvironmentVariable($"Destinations__{plain}", null);
        }
    }

    private static async Task<string> Detail(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("detail").GetString()!;
    }
}
