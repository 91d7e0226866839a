using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DicomHub.Server;
using DicomHub.Testing;
using Microsoft.AspNetCore.Builder;

namespace DicomHub.Cli.Tests;

/// <summary>`dicomhub forward`: asks one DicomHub to send a study to another and follows the job.</summary>
public sealed class ForwardCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forward_with_wait_prints_progress_until_the_study_is_in_the_other_archive()
    {
        using var secondData = new TempDirectory("forward-second");
        using var firstData = new TempDirectory("forward-first");
        var secondDimse = FreePort.Next();
        await using var second = await StartAsync(secondData, new() { ["Dimse:Enabled"] = "true", ["Dimse:Port"] = Port(secondDimse), ["Dimse:AeTitle"] = "HUB2" });
        await using var first = await StartAsync(firstData, new() { ["Destinations:HUB2"] = $"dicom://HUB2@127.0.0.1:{secondDimse}" });
        var firstRoot = new Uri(first.Address, "/dicomweb/");
        await StowAsync(firstRoot, await TestFiles.InstanceAsync("2.1", study: "7.1"), await TestFiles.InstanceAsync("2.2", study: "7.1"), await TestFiles.InstanceAsync("2.3", study: "7.1", series: "7.1.2"));

        var run = await CliHarness.RunAsync("forward", "--from", firstRoot.ToString(), "--study", "7.1", "--to", "HUB2", "--wait", "--poll", "0.1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("3 instances queued for HUB2", run.Output, StringComparison.Ordinal);
        Assert.Contains("completed: 3/3 delivered to HUB2, 0 failed, 0 pending", run.Output, StringComparison.Ordinal);
        using var http = new HttpClient();
        using var query = JsonDocument.Parse(await http.GetStringAsync(new Uri(second.Address, "/dicomweb/studies/7.1/instances"), Ct));
        Assert.Equal(3, query.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Forward_to_an_unknown_destination_or_a_missing_study_names_the_cause()
    {
        using var data = new TempDirectory("forward-errors");
        await using var server = await StartAsync(data, new() { ["Destinations:PACS"] = "dicom://PACS@127.0.0.1:104" });
        var root = new Uri(server.Address, "/dicomweb/");
        await StowAsync(root, await TestFiles.InstanceAsync("2.1", study: "7.2"));

        var unknown = await CliHarness.RunAsync("forward", "--from", root.ToString(), "--study", "7.2", "--to", "ELSEWHERE");
        var missing = await CliHarness.RunAsync("forward", "--from", root.ToString(), "--study", "9.9", "--to", "PACS");
        var usage = await CliHarness.RunAsync("forward", "--from", root.ToString(), "--study", "7.2", "--instance", "2.1", "--to", "PACS");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("400", unknown.Error + unknown.Output, StringComparison.Ordinal);
        Assert.Contains("Destination 'ELSEWHERE' is not configured", unknown.Error + unknown.Output, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Study 9.9 is not in this archive", missing.Error + missing.Output, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<RunningServer> StartAsync(TempDirectory data, Dictionary<string, string?> settings)
    {
        settings["Storage:DataDirectory"] = data.Path;
        settings["DicomWeb:HttpPort"] = "0";
        settings.TryAdd("Dimse:Enabled", "false");
        settings["Logging:LogLevel:Default"] = "Warning";
        var app = DicomHubServer.Build([], settings);
        await app.StartAsync(Ct);
        return new RunningServer(app);
    }

    private static async Task StowAsync(Uri root, params byte[][] instances)
    {
        const string boundary = "forward-test-boundary";
        using var body = new MemoryStream();
        foreach (var instance in instances)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n"));
            body.Write(instance);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/related; type=\"application/dicom\"; boundary={boundary}");
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(root, "studies"), content, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A started server, stopped (not just disposed) at the end of the test.</summary>
    private sealed class RunningServer(WebApplication app) : IAsyncDisposable
    {
        public Uri Address => DicomHubServer.HttpAddress(app);

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
