using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

/// <summary>POST /studies/{study}/manifest: a Key Object Selection document made, stored and found.</summary>
public sealed class ManifestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DefaultManifestListsTheWholeStudyPassesDciodvfyAndIsFoundAsKo()
    {
        var dciodvfy = Peers.Require("dciodvfy", "dicom3tools");
        await using var server = await SeededAsync();

        using var response = await server.Client.PostAsync("studies/1.2.3.1/manifest", null, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var sop = Value(answer.RootElement, "00080018");
        var series = Value(answer.RootElement, "0020000E");
        Assert.Equal("1.2.3.1", Value(answer.RootElement, "0020000D"));
        Assert.Equal(3, answer.RootElement.GetProperty("00201208").GetProperty("Value")[0].GetInt32());
        Assert.Equal(server.Url($"studies/1.2.3.1/series/{series}/instances/{sop}"), response.Headers.Location!.ToString());

        var manifest = await RetrieveAsync(server, series, sop);
        Assert.Equal("KO", manifest.Dataset.GetString(DicomTags.Modality));
        Assert.Equal("DOE^JOHN", manifest.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal("113000", manifest.Dataset.Get<DicomSequence>(DicomTags.ConceptNameCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));
        var content = manifest.Dataset.Get<DicomSequence>(DicomTags.ContentSequence)!.Items;
        Assert.Equal(["1.2.3.1.9.1", "2.1", "2.2"], content.Select(c => c.Get<DicomSequence>(DicomTags.ReferencedSOPSequence)!.Items[0].GetString(DicomTags.ReferencedSOPInstanceUID)).Order());
        Assert.Equal(["COMPOSITE", "IMAGE", "IMAGE"], content.Select(c => c.GetString(DicomTags.ValueType)).Order());

        using var temp = new TempDirectory();
        var path = temp.Combine("kos.dcm");
        await DicomFile.Create(manifest.Dataset, manifest.TransferSyntax).SaveAsync(path, Ct);
        var verify = await Peers.RunAsync(dciodvfy, [path], cancellationToken: Ct);
        var report = verify.StandardOutput + verify.StandardError;
        Assert.DoesNotContain(report.Split('\n'), line => line.StartsWith("Error", StringComparison.Ordinal));

        using var studies = JsonDocument.Parse(await server.Client.GetStringAsync("studies?ModalitiesInStudy=KO", Ct));
        Assert.Equal("1.2.3.1", Value(Assert.Single(studies.RootElement.EnumerateArray()), "0020000D"));
        using var instances = JsonDocument.Parse(await server.Client.GetStringAsync("studies/1.2.3.1/series?Modality=KO", Ct));
        Assert.Equal(series, Value(Assert.Single(instances.RootElement.EnumerateArray()), "0020000E"));
    }

    [Fact]
    public async Task ChosenInstancesAndTitleFromAJsonBody()
    {
        await using var server = await SeededAsync();
        var body = new StringContent("{\"instances\": [\"2.2\"], \"title\": \"113004^DCM^For Teaching\", \"description\": \"teaching file\"}", Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync("studies/1.2.3.1/manifest", body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        var manifest = await RetrieveAsync(server, Value(answer.RootElement, "0020000E"), Value(answer.RootElement, "00080018"));
        Assert.Equal("113004", manifest.Dataset.Get<DicomSequence>(DicomTags.ConceptNameCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));
        var content = manifest.Dataset.Get<DicomSequence>(DicomTags.ContentSequence)!.Items;
        Assert.Equal(["TEXT", "IMAGE"], content.Select(c => c.GetString(DicomTags.ValueType)));
        Assert.Equal("2.2", content[1].Get<DicomSequence>(DicomTags.ReferencedSOPSequence)!.Items[0].GetString(DicomTags.ReferencedSOPInstanceUID));
    }

    [Fact]
    public async Task ChosenSeriesFromQueryParameters()
    {
        await using var server = await SeededAsync();
        using var response = await server.Client.PostAsync("studies/1.2.3.1/manifest?series=1.2.3.1.9&title=113001^DCM^Rejected%20for%20Quality%20Reasons", null, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, answer.RootElement.GetProperty("00201208").GetProperty("Value")[0].GetInt32());
    }

    [Theory]
    [InlineData("studies/7.7.7/manifest", HttpStatusCode.NotFound, "Study 7.7.7 is not in the archive")]
    [InlineData("studies/1.2.3.1/manifest?instance=8.8", HttpStatusCode.NotFound, "has no instance 8.8")]
    [InlineData("studies/1.2.3.1/manifest?title=nonsense", HttpStatusCode.BadRequest, "VALUE^SCHEME^MEANING")]
    [InlineData("studies/not-a-uid/manifest", HttpStatusCode.BadRequest, "not a valid UID")]
    public async Task BadRequestsNameTheCause(string path, HttpStatusCode status, string reason)
    {
        await using var server = await SeededAsync();
        using var response = await server.Client.PostAsync(path, null, Ct);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(3, server.BlobFiles().Length);
    }

    [Fact]
    public async Task MalformedJsonBodyIs400()
    {
        await using var server = await SeededAsync();
        using var response = await server.Client.PostAsync("studies/1.2.3.1/manifest", new StringContent("{\"series\": [1,", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<ServerFixture> SeededAsync()
    {
        var server = await ServerFixture.StartAsync();
        using var stow = await server.Client.PostAsync("studies", Multipart.Dicom(await TestFiles.InstanceAsync("2.1"), await TestFiles.InstanceAsync("2.2"), await DocumentSamples.EncapsulatedPdfAsync(DocumentSamples.Pdf())), Ct);
        Assert.Equal(HttpStatusCode.OK, stow.StatusCode);
        return server;
    }

    private static async Task<DicomFile> RetrieveAsync(ServerFixture server, string series, string sop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"studies/1.2.3.1/series/{series}/instances/{sop}");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("multipart/related; type=\"application/dicom\""));
        using var response = await server.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var part = Assert.Single(await Multipart.ReadAsync(response, Ct));
        return await DicomFile.ReadAsync(new MemoryStream(part.Bytes), cancellationToken: Ct);
    }

    private static string Value(JsonElement element, string tag) => element.GetProperty(tag).GetProperty("Value")[0].GetString()!;
}
