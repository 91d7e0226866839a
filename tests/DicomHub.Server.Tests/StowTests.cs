using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

public sealed class StowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AllStoredIs200WithReferencedSopSequence()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.PostAsync("studies", Multipart.Dicom(await TestFiles.InstanceAsync("2.1"), await TestFiles.InstanceAsync("2.2")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var referenced = json.RootElement.GetProperty("00081199").GetProperty("Value");
        Assert.Equal(2, referenced.GetArrayLength());
        Assert.Equal("2.1", referenced[0].GetProperty("00081155").GetProperty("Value")[0].GetString());
        Assert.Equal(server.Url("studies/1.2.3.1/series/1.2.3.1.1/instances/2.1"), referenced[0].GetProperty("00081190").GetProperty("Value")[0].GetString());
        Assert.Equal(server.Url("studies/1.2.3.1"), json.RootElement.GetProperty("00081190").GetProperty("Value")[0].GetString());
        Assert.False(json.RootElement.TryGetProperty("00081198", out _));
        Assert.Equal(2, server.BlobFiles().Length);
    }

    [Fact]
    public async Task StudyMismatchFailsThatInstanceAndStoresTheOthersWith202()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.PostAsync("studies/1.2.3.1", Multipart.Dicom(await TestFiles.InstanceAsync("2.1"), await TestFiles.InstanceAsync("2.2", study: "7.7.7", series: "7.7.7.1")), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var failed = Assert.Single(json.RootElement.GetProperty("00081198").GetProperty("Value").EnumerateArray());
        Assert.Equal("2.2", failed.GetProperty("00081155").GetProperty("Value")[0].GetString());
        Assert.Equal(0xA900, failed.GetProperty("00081197").GetProperty("Value")[0].GetInt32());
        Assert.Single(json.RootElement.GetProperty("00081199").GetProperty("Value").EnumerateArray());
        Assert.Single(server.BlobFiles());
    }

    [Fact]
    public async Task NothingStoredIs409()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.PostAsync("studies", Multipart.Content(Multipart.Body([("application/dicom", "not dicom"u8.ToArray())])), Ct);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0xC000, json.RootElement.GetProperty("00081198").GetProperty("Value")[0].GetProperty("00081197").GetProperty("Value")[0].GetInt32());
        Assert.Empty(server.BlobFiles());
    }

    [Fact]
    public async Task NonDicomPartFailsAndTheDicomPartIsStored()
    {
        await using var server = await ServerFixture.StartAsync();
        var body = Multipart.Body([("text/plain", "hello"u8.ToArray()), ("application/dicom", await TestFiles.InstanceAsync("2.1"))]);
        using var response = await server.Client.PostAsync("studies", Multipart.Content(body), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(server.BlobFiles());
    }

    [Fact]
    public async Task WrongMediaTypeIs415()
    {
        await using var server = await ServerFixture.StartAsync();
        using var plain = await server.Client.PostAsync("studies", new ByteArrayContent(await TestFiles.InstanceAsync("2.1")) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Contains("multipart/related", await plain.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingBoundaryIs400()
    {
        await using var server = await ServerFixture.StartAsync();
        var content = new ByteArrayContent(await TestFiles.InstanceAsync("2.1"));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"");
        using var response = await server.Client.PostAsync("studies", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("boundary", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongBoundaryIs400AndStoresNothing()
    {
        await using var server = await ServerFixture.StartAsync();
        var body = Multipart.Body([("application/dicom", await TestFiles.InstanceAsync("2.1"))], boundary: "the-real-boundary");
        using var response = await server.Client.PostAsync("studies", Multipart.Content(body, boundary: "another-boundary"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("another-boundary", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(server.BlobFiles());
    }

    [Fact]
    public async Task UnquotedBoundaryIsAcceptedToo()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.PostAsync("studies", Multipart.Content(Multipart.Body([("application/dicom", await TestFiles.InstanceAsync("2.1"))]), quote: false), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TruncatedBodyStoresTheWholePartsOnly()
    {
        await using var server = await ServerFixture.StartAsync();
        var second = await TestFiles.InstanceAsync("2.2");
        var body = Multipart.Body([("application/dicom", await TestFiles.InstanceAsync("2.1")), ("application/dicom", second)], close: false);
        body = body[..(body.Length - (second.Length / 2))];

        using var response = await server.Client.PostAsync("studies", Multipart.Content(body), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Single(json.RootElement.GetProperty("00081199").GetProperty("Value").EnumerateArray());
        Assert.Single(server.BlobFiles());
        Assert.Empty(server.StagedFiles());
    }

    [Fact]
    public async Task InstanceOverTheLimitFailsWithOutOfResources()
    {
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Storage:MaxInstanceBytes"] = "1000" });
        var small = await TestFiles.InstanceAsync("2.1");
        var large = await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("2.2", study: "1.2.3.1", series: "1.2.3.1.1"), rows: 64, columns: 64));
        using var response = await server.Client.PostAsync("studies", Multipart.Dicom(large, small), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0xA700, json.RootElement.GetProperty("00081198").GetProperty("Value")[0].GetProperty("00081197").GetProperty("Value")[0].GetInt32());
        Assert.Single(server.BlobFiles());
        Assert.Empty(server.StagedFiles());
    }

    [Fact]
    public async Task XmlResponseWhenAsked()
    {
        await using var server = await ServerFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "studies") { Content = Multipart.Dicom(await TestFiles.InstanceAsync("2.1")) };
        request.Headers.Accept.Add(Multipart.Accept("application/dicom+xml"));
        using var response = await server.Client.SendAsync(request, Ct);
        Assert.Equal("application/dicom+xml", response.Content.Headers.ContentType!.MediaType);
        var xml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains(xml.Descendants(), e => e.Name.LocalName == "DicomAttribute" && (string?)e.Attribute("tag") == "00081199");
        Assert.Equal("utf-8", xml.Declaration?.Encoding, ignoreCase: true);
    }

    [Fact]
    public async Task ClientDisconnectMidBodyLeavesNothing()
    {
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Storage:IngestBatchSize"] = "100" });
        var first = await TestFiles.InstanceAsync("2.1");
        var second = await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("2.2", study: "1.2.3.1", series: "1.2.3.1.1"), rows: 256, columns: 256));
        var body = Multipart.Body([("application/dicom", first), ("application/dicom", second)]);

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, server.Port, Ct);
            var stream = tcp.GetStream();
            var head = $"POST /dicomweb/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/related; type=\"application/dicom\"; boundary={Multipart.Boundary}\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Ct);
            await stream.WriteAsync(body.AsMemory(0, body.Length - (second.Length / 2)), Ct);
            await stream.FlushAsync(Ct);
            await Task.Delay(300, Ct);
            tcp.Client.LingerState = new LingerOption(true, 0);
        }

        // The server notices the reset on its next read; wait (bounded) until it has cleaned up.
        for (var i = 0; i < 100 && server.StagedFiles().Length > 0; i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Empty(server.StagedFiles());
        Assert.Empty(server.BlobFiles());
        using var query = await server.Client.GetAsync("instances", Ct);
        Assert.Equal("[]", await query.Content.ReadAsStringAsync(Ct));
    }
}
