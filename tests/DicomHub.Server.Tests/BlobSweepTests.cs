using System.Net;
using System.Text.Json;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Registry.Sqlite;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

/// <summary>
/// The start-up sweep on a data folder left by a crash: an old orphan blob is removed, a fresh one kept, staged
/// files removed, and a registry row whose blob is gone is named in /healthz and answered with a problem
/// that says so.
/// </summary>
public sealed class BlobSweepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartUpSweepRemovesOldOrphansAndReportsMissingBlobs()
    {
        using var data = new TempDirectory("dicomhub-sweep");
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = data.Path, ["Storage:BlobSweepInterval"] = "00:00:00" };
        await using (var first = await ServerFixture.StartAsync(settings))
        {
            await WadoTests.StoreAsync(first, await TestFiles.InstanceAsync("2.1"), await TestFiles.InstanceAsync("2.2"));
        }

        // The crash states, made by hand while the server is down.
        string lostKey;
        using (var registry = new SqliteRegistry(Path.Combine(data.Path, "registry.db")))
        {
            lostKey = (await registry.ResolveAsync(new InstanceScope("1.2.3.1", "1.2.3.1.1", "2.2"), Ct))[0].BlobKey;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var blobs = Path.Combine(data.Path, "blobs");
        File.Delete(Path.Combine(blobs, lostKey));
        Directory.CreateDirectory(Path.Combine(blobs, "ff"));
        var oldOrphan = Path.Combine(blobs, "ff", "ff000000000000000000000000000001.dcm");
        var freshOrphan = Path.Combine(blobs, "ff", "ff000000000000000000000000000002.dcm");
        var staged = Path.Combine(blobs, "ff", "ff000000000000000000000000000003.dcm.part");
        var stagedByAnOlderVersion = Path.Combine(data.Path, "tmp", "0123.part");
        Directory.CreateDirectory(Path.GetDirectoryName(stagedByAnOlderVersion)!);
        await File.WriteAllBytesAsync(oldOrphan, await TestFiles.InstanceAsync("2.3"), Ct);
        await File.WriteAllBytesAsync(freshOrphan, await TestFiles.InstanceAsync("2.4"), Ct);
        await File.WriteAllBytesAsync(staged, new byte[10], Ct);
        await File.WriteAllBytesAsync(stagedByAnOlderVersion, new byte[10], Ct);
        File.SetLastWriteTimeUtc(staged, DateTime.UtcNow.AddSeconds(-10));
        File.SetLastWriteTimeUtc(stagedByAnOlderVersion, DateTime.UtcNow.AddSeconds(-10));
        File.SetLastWriteTimeUtc(oldOrphan, DateTime.UtcNow.AddHours(-2));

        await using var second = await ServerFixture.StartAsync(settings);
        var health = await WaitForSweepAsync(second);

        var detail = health.GetProperty("blobs");
        Assert.Equal(1, detail.GetProperty("orphansRemoved").GetInt32());
        Assert.Equal(1, detail.GetProperty("orphansInGracePeriod").GetInt32());
        Assert.Equal(2, detail.GetProperty("stagedFilesRemoved").GetInt32());
        Assert.Equal("2.2", detail.GetProperty("missingBlobs")[0].GetProperty("sopInstanceUid").GetString());
        Assert.Contains("missing blobs", detail.GetProperty("state").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(oldOrphan));
        Assert.True(File.Exists(freshOrphan));
        Assert.False(File.Exists(staged), "a staged file from before the start belongs to a process that is gone, even within the grace period");
        Assert.False(File.Exists(stagedByAnOlderVersion));

        // The instance still in the registry: retrieving it names the cause instead of a bare 500.
        using var retrieve = await second.Client.GetAsync("studies/1.2.3.1/series/1.2.3.1.1/instances/2.2", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, retrieve.StatusCode);
        Assert.Equal("application/problem+json", retrieve.Content.Headers.ContentType!.MediaType);
        Assert.Contains("2.2", await retrieve.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("missing", await retrieve.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var other = await second.Client.GetAsync("studies/1.2.3.1/series/1.2.3.1.1/instances/2.1", Ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private static async Task<JsonElement> WaitForSweepAsync(ServerFixture server)
    {
        // The sweep runs in the background after start-up; poll (bounded) until /healthz shows its result.
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var response = await server.Client.GetAsync(new Uri(server.BaseAddress, "/healthz"), Ct);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            if (json.RootElement.GetProperty("blobs").TryGetProperty("lastSweepUtc", out _))
            {
                return json.RootElement.Clone();
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException("The start-up blob sweep did not report within 30 s.");
    }
}
