using System.Net;
using System.Text.Json;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using Microsoft.AspNetCore.Builder;

namespace DicomHub.Server.Tests;

/// <summary>
/// Two archive servers on one PostgreSQL registry and one blob folder, each with its own data folder: what
/// one stores, the other finds, retrieves and deletes. This is the set-up for a site that outgrew one machine.
/// </summary>
public sealed class SharedPostgresRegistryTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_instance_stored_through_one_server_is_found_retrieved_and_deleted_through_the_other()
    {
        using var blobs = new TempDirectory("dicomhub-shared-blobs");
        var settings = new Dictionary<string, string?>
        {
            ["Registry:Provider"] = "PostgreSql",
            ["Registry:ConnectionString"] = await cluster.CreateDatabaseAsync(Ct),
            ["Storage:BlobRoot"] = blobs.Path,
        };
        await using var first = await ServerFixture.StartAsync(settings);
        await using var second = await ServerFixture.StartAsync(settings);
        var bytes = await TestFiles.InstanceAsync("2.1");

        await WadoTests.StoreAsync(first, bytes, await TestFiles.InstanceAsync("2.2"));

        using (var search = await second.Client.GetAsync("studies?PatientID=PID1", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            using var json = JsonDocument.Parse(await search.Content.ReadAsStringAsync(Ct));
            var study = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal("1.2.3.1", study.GetProperty("0020000D").GetProperty("Value")[0].GetString());
            Assert.Equal(2, study.GetProperty("00201208").GetProperty("Value")[0].GetInt32());
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "studies/1.2.3.1/series/1.2.3.1.1/instances/2.1"))
        {
            request.Headers.Accept.Add(Multipart.Accept("multipart/related; type=\"application/dicom\"; transfer-syntax=*"));
            using var retrieved = await second.Client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, retrieved.StatusCode);
            Assert.Equal(bytes, Assert.Single(await Multipart.ReadAsync(retrieved, Ct)).Bytes);
        }

        // Each server keeps its own data folder: the transfer queue is there, the registry is not.
        Assert.True(File.Exists(Path.Combine(first.DataDirectory, "transfers.db")));
        Assert.False(File.Exists(Path.Combine(first.DataDirectory, "registry.db")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(blobs.Path, "blobs"), "*.dcm", SearchOption.AllDirectories).Length);

        using (var deleted = await second.Client.DeleteAsync("studies/1.2.3.1", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var after = await first.Client.GetAsync("studies?PatientID=PID1", Ct);
        Assert.True(after.StatusCode == HttpStatusCode.NoContent || (await after.Content.ReadAsStringAsync(Ct)).Trim() == "[]", $"still found after the delete: {after.StatusCode}");
        Assert.Empty(Directory.GetFiles(Path.Combine(blobs.Path, "blobs"), "*.dcm", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_registry_that_cannot_be_reached_stops_the_start_with_the_setting_to_check()
    {
        using var data = new TempDirectory("dicomhub-unreachable");
        var app = DicomHubServer.Build([], new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = data.Path,
            ["DicomWeb:HttpPort"] = "0",
            ["Dimse:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "None",
            ["Registry:Provider"] = "PostgreSql",
            ["Registry:ConnectionString"] = $"Host=127.0.0.1;Port={FreePort.Next()};Database=archive;Username=pacs;Password=secret;Timeout=5",
        });
        await using (app)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(Ct));

            Assert.Contains("PostgreSQL database 'archive' on 127.0.0.1", error.Message, StringComparison.Ordinal);
            Assert.Contains("Registry:ConnectionString", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_postgres_provider_without_a_connection_string_is_refused_at_build()
    {
        using var data = new TempDirectory("dicomhub-noconnection");
        var error = Assert.Throws<InvalidOperationException>(() => DicomHubServer.Build([], new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = data.Path,
            ["Registry:Provider"] = "PostgreSql",
        }));

        Assert.Contains("Registry:ConnectionString is empty", error.Message, StringComparison.Ordinal);
    }
}
