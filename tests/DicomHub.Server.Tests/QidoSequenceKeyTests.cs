using System.Net;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

/// <summary>
/// QIDO-RS sequence keys (PS3.18 8.3.4, Sequence.Attribute=value; PS3.4 C.2.2.2.6): every key of one sequence
/// must match the same stored item, the sequence comes back in the results, and paging counts matches only.
/// </summary>
public sealed class QidoSequenceKeyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_series_key_selects_the_series_whose_request_attributes_match_and_returns_the_sequence()
    {
        await using var server = await SeededAsync();

        using var exact = await GetJsonAsync(server, "series?RequestAttributesSequence.RequestedProcedureID=RP2");
        var match = Assert.Single(exact.RootElement.EnumerateArray());
        Assert.Equal("1.2.3.1.2", match.GetProperty("0020000E").GetProperty("Value")[0].GetString());
        var item = Assert.Single(match.GetProperty("00400275").GetProperty("Value").EnumerateArray());
        Assert.Equal("SPS2", item.GetProperty("00400009").GetProperty("Value")[0].GetString());

        Assert.Equal(["1.2.3.1.1", "1.2.3.1.2", "1.2.3.1.3"], await SeriesAsync(server, "series?RequestAttributesSequence.RequestedProcedureID=RP*"));
        Assert.Empty(await SeriesAsync(server, "series?RequestAttributesSequence.RequestedProcedureID=RP1&RequestAttributesSequence.ScheduledProcedureStepID=SPS2"));
        Assert.Equal(["1.2.3.1.1"], await SeriesAsync(server, "series?00400275.00401001=RP1&00400275.00400009=SPS1"));
        Assert.Equal(["1.2.3.1.3"], await SeriesAsync(server, "studies/1.2.3.1/series?RequestAttributesSequence.RequestedProcedureID=RP3&Modality=CT"));
    }

    [Fact]
    public async Task Limit_and_offset_page_the_matches_not_the_candidates()
    {
        await using var server = await SeededAsync();

        Assert.Equal(["1.2.3.1.2"], await SeriesAsync(server, "series?RequestAttributesSequence.RequestedProcedureID=RP*&limit=1&offset=1"));
        Assert.Equal(["1.2.3.1.3"], await SeriesAsync(server, "series?RequestAttributesSequence.RequestedProcedureID=RP3&limit=5"));
    }

    [Fact]
    public async Task A_study_level_sequence_matches_studies()
    {
        await using var server = await SeededAsync();
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset("9.1", study: "9.9", series: "9.9.1"));
        var code = new DicomDataset();
        code.AddOrUpdate(DicomTags.CodeValue, DicomVR.SH, "CTHEAD");
        code.AddOrUpdate(DicomTags.CodingSchemeDesignator, DicomVR.SH, "99LOCAL");
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ProcedureCodeSequence, [code]));
        await WadoTests.StoreAsync(server, await TestFiles.Part10Async(dataset));

        using var json = await GetJsonAsync(server, "studies?ProcedureCodeSequence.CodeValue=CTHEAD");

        var study = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("9.9", study.GetProperty("0020000D").GetProperty("Value")[0].GetString());
    }

    [Fact]
    public async Task Keys_the_archive_cannot_match_are_returned_with_a_warning_and_a_non_sequence_path_is_400()
    {
        await using var server = await SeededAsync();

        using var belowLevel = await server.Client.GetAsync("studies?RequestAttributesSequence.RequestedProcedureID=NONE", Ct);
        Assert.Equal(HttpStatusCode.OK, belowLevel.StatusCode);
        Assert.Contains(belowLevel.Headers.GetValues("Warning"), w => w.Contains("RequestAttributesSequence is not kept at the study level", StringComparison.Ordinal));
        using var nested = await server.Client.GetAsync("series?RequestAttributesSequence.ScheduledProtocolCodeSequence.CodeValue=X", Ct);
        Assert.Contains(nested.Headers.GetValues("Warning"), w => w.Contains("deeper than one item level", StringComparison.Ordinal));
        Assert.Equal(3, JsonDocument.Parse(await nested.Content.ReadAsStringAsync(Ct)).RootElement.GetArrayLength());

        using var notSequence = await server.Client.GetAsync("series?PatientName.FamilyName=DOE", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notSequence.StatusCode);
        Assert.Contains("PatientName is not a sequence", await notSequence.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<string[]> SeriesAsync(ServerFixture server, string path)
    {
        using var json = await GetJsonAsync(server, path);
        return [.. json.RootElement.EnumerateArray().Select(s => s.GetProperty("0020000E").GetProperty("Value")[0].GetString()!)];
    }

    private static async Task<JsonDocument> GetJsonAsync(ServerFixture server, string path)
    {
        using var response = await server.Client.GetAsync(path, Ct);
        Assert.True(response.StatusCode is HttpStatusCode.OK, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        var body = await response.Content.ReadAsStringAsync(Ct);
        return JsonDocument.Parse(body.Length == 0 ? "[]" : body);
    }

    /// <summary>Study 1.2.3.1 with three series, each with one Request Attributes item: RP1/SPS1, RP2/SPS2, RP3/SPS3.</summary>
    private static async Task<ServerFixture> SeededAsync()
    {
        var server = await ServerFixture.StartAsync();
        var parts = new List<byte[]>();
        for (var n = 1; n <= 3; n++)
        {
            var dataset = TestFiles.WithPixels(TestDatasets.Dataset($"2.{n}", series: $"1.2.3.1.{n}"));
            var item = new DicomDataset();
            item.AddOrUpdate(DicomTags.RequestedProcedureID, DicomVR.SH, $"RP{n}");
            item.AddOrUpdate(DicomTags.ScheduledProcedureStepID, DicomVR.SH, $"SPS{n}");
            dataset.AddOrUpdate(new DicomSequence(DicomTags.RequestAttributesSequence, [item]));
            parts.Add(await TestFiles.Part10Async(dataset));
        }

        await WadoTests.StoreAsync(server, [.. parts]);
        return server;
    }
}
