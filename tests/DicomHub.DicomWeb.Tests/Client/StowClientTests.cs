using DicomHub.DicomWeb.Client;
using DicomHub.DicomWeb.Multipart;
using DicomHub.DicomWeb.Tests.Interop;
using DicomHub.Testing;

namespace DicomHub.DicomWeb.Tests.Client;

/// <summary>What our STOW-RS client puts on the wire, and how it reads an answer with failures and warnings.</summary>
public sealed class StowClientTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sends_one_chunked_multipart_request_without_Expect_and_reads_per_instance_outcomes()
    {
        using var temp = new TempDirectory();
        var instances = await TestInstances.WriteStudyAsync(temp.Path, "CANNED", "Canned^Case", "20240101", count: 3, cancellationToken: Cancellation);
        var answer = StowAnswer(
            referenced: [(instances[0].SopInstanceUid, null), (instances[1].SopInstanceUid, 0xB000)],
            failed: [(instances[2].SopInstanceUid, 0xA900)]);
        using var server = new CannedHttpServer();
        var serving = server.ServeOnceAsync(202, "application/dicom+json", answer, Cancellation);
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.Root);

        var result = await client.StoreAsync(instances.Select(i => i.Path).ToList(), new StowOptions { StudyInstanceUid = instances[0].StudyInstanceUid }, Cancellation);
        await serving;

        Assert.StartsWith($"POST /dicomweb/studies/{instances[0].StudyInstanceUid} HTTP/1.1", server.RequestHead, StringComparison.Ordinal);
        Assert.True(server.Chunked);
        Assert.DoesNotContain("Expect:", server.RequestHead, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Accept: application/dicom+json", server.RequestHead, StringComparison.Ordinal);
        var contentType = server.RequestHead.Split('\n').Single(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))["Content-Type:".Length..].Trim();
        Assert.Equal("application/dicom", MultipartRelatedContentType.Parse(contentType).Type);

        await using var reader = MultipartRelatedReader.Create(new MemoryStream(server.RequestBody), contentType);
        var parts = await Multipart.MultipartTestBodies.ReadAllAsync(reader);
        Assert.Equal(3, parts.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("application/dicom", parts[i].Part.ContentType);
            Assert.Equal(await File.ReadAllBytesAsync(instances[i].Path, Cancellation), parts[i].Body);
        }

        Assert.Equal(1, result.Stored);
        Assert.Equal(1, result.Warnings);
        Assert.Equal(1, result.Failed);
        Assert.Equal(server.RequestBody.Length, result.BytesSent);
        var warning = Assert.Single(result.Instances, r => r.Status == StowInstanceStatus.StoredWithWarning);
        Assert.Equal(instances[1].Path, warning.File);
        Assert.Equal("coercion of data elements (0xB000)", warning.Reason);
        var failure = Assert.Single(result.Instances, r => r.Status == StowInstanceStatus.Failed);
        Assert.Equal(instances[2].Path, failure.File);
        Assert.Equal(0xA900, failure.ReasonCode);
        Assert.Equal("data set does not match SOP class (0xA900)", failure.Reason);
    }

    [Fact]
    public async Task A_refused_request_fails_every_file_with_the_HTTP_reason()
    {
        using var temp = new TempDirectory();
        var instances = await TestInstances.WriteStudyAsync(temp.Path, "REFUSED", "Refused^Case", "20240101", count: 2, cancellationToken: Cancellation);
        using var server = new CannedHttpServer();
        var serving = server.ServeOnceAsync(415, "text/plain", "we only take application/dicom+xml", Cancellation);
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.Root);

        var result = await client.StoreAsync(instances.Select(i => i.Path).ToList(), cancellationToken: Cancellation);
        await serving;

        Assert.Equal(2, result.Failed);
        Assert.All(result.Instances, i => Assert.Equal("HTTP 415 Canned: we only take application/dicom+xml", i.Reason));
        Assert.Equal(instances.Select(i => i.Path), result.Instances.Select(i => i.File));
    }

    [Fact]
    public async Task An_unreachable_server_fails_every_file_with_a_clear_reason()
    {
        using var temp = new TempDirectory();
        var instances = await TestInstances.WriteStudyAsync(temp.Path, "UNREACH", "Un^Reachable", "20240101", count: 1, cancellationToken: Cancellation);
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, new Uri($"http://127.0.0.1:{FreePort.Next()}/dicomweb"));

        var result = await client.StoreAsync([instances[0].Path], cancellationToken: Cancellation);

        var failure = Assert.Single(result.Instances);
        Assert.Equal(StowInstanceStatus.Failed, failure.Status);
        Assert.Contains("Check that the DICOMweb server is running", failure.Reason, StringComparison.Ordinal);
    }

    private static string StowAnswer(IEnumerable<(string Uid, int? Warning)> referenced, IEnumerable<(string Uid, int Reason)> failed)
    {
        static string Item(string uid, string extra) =>
            """{"00081150":{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.2"]},"00081155":{"vr":"UI","Value":[""" + "\"" + uid + "\"]}" + extra + "}";

        var referencedItems = referenced.Select(r => Item(r.Uid, r.Warning is { } w ? ",\"00081196\":{\"vr\":\"US\",\"Value\":[" + w + "]}" : string.Empty));
        var failedItems = failed.Select(f => Item(f.Uid, ",\"00081197\":{\"vr\":\"US\",\"Value\":[" + f.Reason + "]}"));
        return "{\"00081198\":{\"vr\":\"SQ\",\"Value\":[" + string.Join(',', failedItems) + "]},\"00081199\":{\"vr\":\"SQ\",\"Value\":[" + string.Join(',', referencedItems) + "]}}";
    }
}
