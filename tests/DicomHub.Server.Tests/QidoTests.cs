using System.Net;
using System.Text.Json;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

public sealed class QidoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StudySearchReturnsTheRequiredKeysAndCounts()
    {
        await using var server = await SeededAsync();
        using var json = await GetJsonAsync(server, "studies?PatientName=doe*");

        var study = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("1.2.3.1", Value(study, "0020000D").GetString());
        Assert.Equal("DOE^JOHN", Value(study, "00100010").GetProperty("Alphabetic").GetString());
        Assert.Equal("PID1", Value(study, "00100020").GetString());
        Assert.Equal("20200115", Value(study, "00080020").GetString());
        Assert.Equal("ACC1", Value(study, "00080050").GetString());
        Assert.Equal("CT", Value(study, "00080061").GetString());
        Assert.Equal(1, Value(study, "00201206").GetInt32());
        Assert.Equal(2, Value(study, "00201208").GetInt32());
        Assert.Equal("ONLINE", Value(study, "00080056").GetString());
        Assert.Equal(server.Url("studies/1.2.3.1"), Value(study, "00081190").GetString());
        Assert.False(study.TryGetProperty("00280010", out _));
    }

    [Fact]
    public async Task KeysByTagAndUidListsAndDateRanges()
    {
        await using var server = await SeededAsync();
        using var byTag = await GetJsonAsync(server, "studies?00100020=PID2");
        Assert.Equal("5.5.5", Value(byTag.RootElement[0], "0020000D").GetString());
        using var list = await GetJsonAsync(server, "studies?StudyInstanceUID=1.2.3.1,5.5.5");
        Assert.Equal(2, list.RootElement.GetArrayLength());
        using var range = await GetJsonAsync(server, "studies?StudyDate=20200101-20200116");
        Assert.Equal("1.2.3.1", Value(Assert.Single(range.RootElement.EnumerateArray()), "0020000D").GetString());
    }

    [Fact]
    public async Task FuzzyMatchingFindsNamePrefixes()
    {
        await using var server = await SeededAsync();
        using var exact = await GetJsonAsync(server, "studies?PatientName=ann");
        Assert.Equal(0, exact.RootElement.GetArrayLength());
        using var fuzzy = await GetJsonAsync(server, "studies?PatientName=ann&fuzzymatching=true");
        Assert.Equal("5.5.5", Value(Assert.Single(fuzzy.RootElement.EnumerateArray()), "0020000D").GetString());
    }

    [Fact]
    public async Task EveryNestingLevel()
    {
        await using var server = await SeededAsync();
        using var series = await GetJsonAsync(server, "studies/1.2.3.1/series");
        var one = Assert.Single(series.RootElement.EnumerateArray());
        Assert.Equal("1.2.3.1.1", Value(one, "0020000E").GetString());
        Assert.Equal(2, Value(one, "00201209").GetInt32());
        Assert.Equal(server.Url("studies/1.2.3.1/series/1.2.3.1.1"), Value(one, "00081190").GetString());

        using var instances = await GetJsonAsync(server, "studies/1.2.3.1/series/1.2.3.1.1/instances");
        Assert.Equal(2, instances.RootElement.GetArrayLength());
        Assert.Equal(4, Value(instances.RootElement[0], "00280010").GetInt32());
        using var studyInstances = await GetJsonAsync(server, "studies/5.5.5/instances");
        Assert.Single(studyInstances.RootElement.EnumerateArray());

        // Without a study in the path, results carry the study's identity too.
        using var allSeries = await GetJsonAsync(server, "series?Modality=MR");
        var mr = Assert.Single(allSeries.RootElement.EnumerateArray());
        Assert.Equal("5.5.5", Value(mr, "0020000D").GetString());
        Assert.Equal("SMITH^ANNA", Value(mr, "00100010").GetProperty("Alphabetic").GetString());
        using var allInstances = await GetJsonAsync(server, "instances?SOPInstanceUID=2.2");
        Assert.Single(allInstances.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task IncludeFieldAllAndNamedFields()
    {
        await using var server = await SeededAsync();
        using var named = await GetJsonAsync(server, "studies?StudyInstanceUID=1.2.3.1&includefield=StudyDescription,00081030");
        Assert.True(named.RootElement[0].TryGetProperty("0020000D", out _));
        using var all = await GetJsonAsync(server, "studies/1.2.3.1/instances?includefield=all");
        Assert.True(all.RootElement[0].TryGetProperty("00280100", out _));
        Assert.False(all.RootElement[0].TryGetProperty("7FE00010", out _));
    }

    [Fact]
    public async Task LimitAndOffset()
    {
        await using var server = await SeededAsync();
        using var page = await GetJsonAsync(server, "instances?limit=1&offset=1");
        Assert.Equal("2.2", Value(Assert.Single(page.RootElement.EnumerateArray()), "00080018").GetString());
    }

    [Fact]
    public async Task NoMatchIs200WithAnEmptyArray()
    {
        await using var server = await SeededAsync();
        using var response = await server.Client.GetAsync("studies?PatientID=nobody", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UnknownAttributeIs400NamingIt()
    {
        await using var server = await SeededAsync();
        using var response = await server.Client.GetAsync("studies?PatientNam=DOE", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("PatientNam", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var badLimit = await server.Client.GetAsync("studies?limit=-3", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task UnindexedKeyIsReturnedWithAWarning()
    {
        await using var server = await SeededAsync();
        using var response = await server.Client.GetAsync("studies?StationName=X", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("StationName", StringComparison.Ordinal));
    }

    private static JsonElement Value(JsonElement item, string tag) => item.GetProperty(tag).GetProperty("Value")[0];

    private static async Task<JsonDocument> GetJsonAsync(ServerFixture server, string path)
    {
        using var response = await server.Client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<ServerFixture> SeededAsync()
    {
        var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(
            server,
            await TestFiles.InstanceAsync("2.1"),
            await TestFiles.InstanceAsync("2.2"),
            await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("3.1", study: "5.5.5", series: "5.5.5.1", patientName: "SMITH^ANNA", patientId: "PID2", modality: "MR", studyDate: "20210101"))));
        return server;
    }
}
