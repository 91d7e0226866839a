using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.DicomWeb.Client;
using DicomHub.DicomWeb.Tests.Interop;
using DicomHub.Testing;

namespace DicomHub.Interop.Tests;

/// <summary>
/// Orthanc's DICOMweb client (its /dicom-web/servers/... REST calls) configured with the DicomHub server: it
/// stores to DicomHub with STOW-RS, searches it with QIDO-RS and retrieves from it with WADO-RS.
/// </summary>
public sealed class OrthancClientAgainstDicomHubTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Orthanc_stores_to_queries_and_retrieves_from_DicomHub()
    {
        Peers.Require("Orthanc", "orthanc");
        await using var dicomhub = await DicomHubServerFixture.StartAsync(Cancellation);
        await using var orthanc = await OrthancServer.StartAsync(new Dictionary<string, string> { ["dicomhub"] = dicomhub.DicomWebRoot.AbsoluteUri }, Cancellation);
        using var temp = new TempDirectory();
        var instances = await TestInstances.WriteStudyAsync(temp.Path, "ORTH2HUB", "Orthanc^ToHub", "20240415", count: 3, cancellationToken: Cancellation);
        string? orthancStudy = null;
        foreach (var instance in instances)
        {
            using var upload = await orthanc.Rest.PostAsync("instances", new ByteArrayContent(await File.ReadAllBytesAsync(instance.Path, Cancellation)), Cancellation);
            upload.EnsureSuccessStatusCode();
            orthancStudy = (await upload.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["ParentStudy"]!.GetValue<string>();
        }

        // STOW-RS by Orthanc into DicomHub.
        using (var stow = await orthanc.Rest.PostAsJsonAsync("dicom-web/servers/dicomhub/stow", new JsonObject { ["Resources"] = new JsonArray(orthancStudy) }, Cancellation))
        {
            Assert.True(stow.IsSuccessStatusCode, await stow.Content.ReadAsStringAsync(Cancellation) + "\n" + orthanc.Log);
        }

        using var http = DicomWebClient.CreateHttpClient();
        var ours = new DicomWebClient(http, dicomhub.DicomWebRoot);
        var found = await ours.QueryAsync(new QidoQuery { Level = QueryLevel.Instance, StudyInstanceUid = instances[0].StudyInstanceUid }, Cancellation);
        Assert.Equal(instances.Select(i => i.SopInstanceUid).Order(), found.Matches.Select(m => m.GetString(DicomTags.SOPInstanceUID)!).Order());

        // QIDO-RS by Orthanc against DicomHub.
        using (var qido = await orthanc.Rest.PostAsJsonAsync("dicom-web/servers/dicomhub/qido", new JsonObject { ["Uri"] = "/studies", ["Arguments"] = new JsonObject { ["PatientID"] = "ORTH2HUB" } }, Cancellation))
        {
            var text = await qido.Content.ReadAsStringAsync(Cancellation);
            Assert.True(qido.IsSuccessStatusCode, text + "\n" + orthanc.Log);
            Assert.Contains(instances[0].StudyInstanceUid, text, StringComparison.Ordinal);
        }

        // WADO-RS by Orthanc from DicomHub, after Orthanc forgot the study.
        using (var delete = await orthanc.Rest.DeleteAsync($"studies/{orthancStudy}", Cancellation))
        {
            delete.EnsureSuccessStatusCode();
        }

        using (var retrieve = await orthanc.Rest.PostAsJsonAsync("dicom-web/servers/dicomhub/retrieve", new JsonObject { ["Resources"] = new JsonArray(new JsonObject { ["Study"] = instances[0].StudyInstanceUid }) }, Cancellation))
        {
            Assert.True(retrieve.IsSuccessStatusCode, await retrieve.Content.ReadAsStringAsync(Cancellation) + "\n" + orthanc.Log);
        }

        foreach (var instance in instances)
        {
            var id = await orthanc.FindInstanceAsync(instance.SopInstanceUid, Cancellation);
            Assert.NotNull(id);
            Assert.Equal(
                TestInstances.DatasetBytes(await File.ReadAllBytesAsync(instance.Path, Cancellation)),
                TestInstances.DatasetBytes(await orthanc.InstanceFileAsync(id, Cancellation)));
        }
    }
}
