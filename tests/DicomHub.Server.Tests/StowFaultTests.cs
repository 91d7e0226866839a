using System.Net;
using System.Text.Json;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

/// <summary>The bad-input cases of STOW-RS not covered by <see cref="StowTests"/>: races and unusual boundaries.</summary>
public sealed class StowFaultTests
{
    private const int Senders = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("KeepExistingAndWarn")]
    [InlineData("Reject")]
    [InlineData("Overwrite")]
    public async Task ConcurrentStowsOfTheSameInstanceLeaveOneCopy(string policy)
    {
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Storage:DuplicatePolicy"] = policy });
        var instance = await TestFiles.InstanceAsync("2.1");
        var others = await Task.WhenAll(Enumerable.Range(0, Senders).Select(i => TestFiles.InstanceAsync($"3.{i}")));

        // Each request carries the shared instance and one of its own, all sent at once.
        var responses = await Task.WhenAll(Enumerable.Range(0, Senders).Select(async i =>
        {
            using var response = await server.Client.PostAsync("studies", Multipart.Dicom(instance, others[i]), Ct);
            return (response.StatusCode, Json: JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)));
        }));

        var storedShared = 0;
        var warnings = 0;
        foreach (var (status, json) in responses)
        {
            using (json)
            {
                var referencedItems = json.RootElement.TryGetProperty("00081199", out var r) ? r.GetProperty("Value").EnumerateArray().ToList() : [];
                var referenced = referencedItems.Select(Sop).ToList();
                var failed = json.RootElement.TryGetProperty("00081198", out var f) ? f.GetProperty("Value").EnumerateArray().ToList() : [];

                // The request's own instance is stored whatever happened to the shared one.
                Assert.Single(referenced, sop => sop.StartsWith("3.", StringComparison.Ordinal));
                if (referenced.Contains("2.1"))
                {
                    storedShared++;

                    // A later copy kept under KeepExistingAndWarn is a warning (B006), so 202 (PS3.18 10.5.3.1).
                    var warned = referencedItems.Single(item => Sop(item) == "2.1").TryGetProperty("00081196", out _);
                    Assert.Equal(warned ? HttpStatusCode.Accepted : HttpStatusCode.OK, status);
                    warnings += warned ? 1 : 0;
                }
                else
                {
                    Assert.Equal("Reject", policy);
                    Assert.Equal(HttpStatusCode.Accepted, status);
                    var failure = Assert.Single(failed);
                    Assert.Equal("2.1", Sop(failure));
                    Assert.Equal(0x0111, failure.GetProperty("00081197").GetProperty("Value")[0].GetInt32());
                }
            }
        }

        Assert.Equal(policy == "Reject" ? 1 : Senders, storedShared);
        Assert.Equal(policy == "KeepExistingAndWarn" ? Senders - 1 : 0, warnings);

        // One row and one blob for the shared instance, plus one per request's own instance; nothing staged.
        Assert.Equal(Senders + 1, server.BlobFiles().Length);
        Assert.Empty(server.StagedFiles());
        using var query = JsonDocument.Parse(await server.Client.GetStringAsync("instances?SOPInstanceUID=2.1", Ct));
        Assert.Equal(1, query.RootElement.GetArrayLength());
        using var retrieve = await server.Client.GetAsync("studies/1.2.3.1/series/1.2.3.1.1/instances/2.1", Ct);
        Assert.Equal(instance, Assert.Single(await Multipart.ReadAsync(retrieve, Ct)).Bytes);
    }

    [Fact]
    public async Task BoundaryThatNeedsQuotesIsRead()
    {
        await using var server = await ServerFixture.StartAsync();
        const string boundary = "=_Part 7:dicom/hub?x";
        var body = Multipart.Body([("application/dicom", await TestFiles.InstanceAsync("2.1")), ("application/dicom", await TestFiles.InstanceAsync("2.2"))], boundary);

        using var response = await server.Client.PostAsync("studies", Multipart.Content(body, boundary), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.BlobFiles().Length);
    }

    [Fact]
    public async Task QuotesLeftInsideTheBoundaryValueDoNotMatchAndStoreNothing()
    {
        await using var server = await ServerFixture.StartAsync();

        // The body is delimited by --abc, but the header names the boundary "\"abc\"" (quoted twice).
        var body = Multipart.Body([("application/dicom", await TestFiles.InstanceAsync("2.1"))], "abc");
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=\"\\\"abc\\\"\"");

        using var response = await server.Client.PostAsync("studies", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("boundary", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(server.BlobFiles());
    }

    [Fact]
    public async Task PartThatIsNotDicomAmongGoodOnesFailsAloneWithCannotUnderstand()
    {
        await using var server = await ServerFixture.StartAsync();
        var body = Multipart.Body([
            ("application/dicom", await TestFiles.InstanceAsync("2.1")),
            ("application/dicom", "%PDF-1.4 not a DICOM instance"u8.ToArray()),
            ("application/dicom", await TestFiles.InstanceAsync("2.2")),
        ]);

        using var response = await server.Client.PostAsync("studies", Multipart.Content(body), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, json.RootElement.GetProperty("00081199").GetProperty("Value").GetArrayLength());
        var failed = Assert.Single(json.RootElement.GetProperty("00081198").GetProperty("Value").EnumerateArray());
        Assert.Equal(0xC000, failed.GetProperty("00081197").GetProperty("Value")[0].GetInt32());
        Assert.Equal(2, server.BlobFiles().Length);
        Assert.Empty(server.StagedFiles());
    }

    private static string Sop(JsonElement item) => item.GetProperty("00081155").GetProperty("Value")[0].GetString()!;
}
