using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.IO;
using DicomHub.DicomWeb.Tests.Interop;
using DicomHub.Testing;

namespace DicomHub.Interop.Tests;

/// <summary>
/// Orthanc's DICOMweb client against DicomHub with RLE-compressed instances: STOW-RS in, QIDO-RS at the
/// instance level with arguments, WADO-RS of a single instance back into Orthanc (data set unchanged), and
/// Orthanc's generic /get fetching DicomHub's /rendered and WADO-URI.
/// </summary>
public sealed class OrthancClientCompressedAgainstDicomHubTests
{
    private const string Study = "1.2.826.0.1.3680043.10.1401.1";
    private const string Series = "1.2.826.0.1.3680043.10.1401.1.1";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Orthanc_moves_RLE_instances_through_DicomHub_and_fetches_rendered_and_WADO_URI()
    {
        Peers.Require("Orthanc", "orthanc");
        await using var dicomhub = await DicomHubServerFixture.StartAsync(Cancellation);
        await using var orthanc = await OrthancServer.StartAsync(new Dictionary<string, string> { ["dicomhub"] = dicomhub.DicomWebRoot.AbsoluteUri }, Cancellation);
        var files = new List<(string Sop, byte[] Bytes)>();
        string? orthancStudy = null;
        for (var i = 1; i <= 2; i++)
        {
            var sop = $"{Series}.{i}";
            var dataset = TestFiles.WithPixels(TestDatasets.Dataset(sop, study: Study, series: Series, patientId: "RLE2HUB", instanceNumber: $"{i}"), rows: 16, columns: 16);
            var rle = await TestCodecs.Transcoder.TranscodeAsync(dataset, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.RLELossless, cancellationToken: Cancellation);
            var bytes = await TestFiles.Part10Async(rle, TransferSyntax.RLELossless);
            files.Add((sop, bytes));
            using var upload = await orthanc.Rest.PostAsync("instances", new ByteArrayContent(bytes), Cancellation);
            upload.EnsureSuccessStatusCode();
            orthancStudy = (await upload.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["ParentStudy"]!.GetValue<string>();
        }

        using (var stow = await orthanc.Rest.PostAsJsonAsync("dicom-web/servers/dicomhub/stow", new JsonObject { ["Resources"] = new JsonArray(orthancStudy) }, Cancellation))
        {
            Assert.True(stow.IsSuccessStatusCode, await stow.Content.ReadAsStringAsync(Cancellation) + "\n" + orthanc.Log);
        }

        using (var qido = await orthanc.Rest.PostAsJsonAsync("dicom-web/servers/dicomhub/qido", new JsonObject
        {
            ["Uri"] = $"/studies/{Study}/instances",
            ["Arguments"] = new JsonObject { ["InstanceNumber"] = "2", ["includefield"] = "00083002" },
        }, Cancellation))
        {
            var text = await qido.Content.ReadAsStringAsync(Cancellation);
            Assert.True(qido.IsSuccessStatusCode, text + "\n" + orthanc.Log);
            var match = Assert.Single(JsonNode.Parse(text)!.AsArray());
            // Orthanc's client hands the answer back in its own simplified form: one string per "Value".
            Assert.Equal(files[1].Sop, match!["00080018"]!["Value"]!.GetValue<string>());
            Assert.Equal(TransferSyntax.RLELossless.Uid, match["00083002"]!["Value"]!.GetValue<string>());
        }

        // Orthanc forgets the study, then takes one instance back from DicomHub by WADO-RS.
        using (var delete = await orthanc.Rest.DeleteAsync($"studies/{orthancStudy}", Cancellation))
        {
            delete.EnsureSuccessStatusCode();
        }

        var resource = new JsonObject { ["Study"] = Study, ["Series"] = Series, ["Instance"] = files[0].Sop };
        using (var retrieve = await orthanc.Rest.PostAsJsonAsync("dicom-web/servers/dicomhub/retrieve", new JsonObject { ["Resources"] = new JsonArray(resource) }, Cancellation))
        {
            Assert.True(retrieve.IsSuccessStatusCode, await retrieve.Content.ReadAsStringAsync(Cancellation) + "\n" + orthanc.Log);
        }

        var id = await orthanc.FindInstanceAsync(files[0].Sop, Cancellation);
        Assert.NotNull(id);
        Assert.Null(await orthanc.FindInstanceAsync(files[1].Sop, Cancellation));
        Assert.Equal(TestInstances.DatasetBytes(files[0].Bytes), TestInstances.DatasetBytes(await orthanc.InstanceFileAsync(id, Cancellation)));

        // Orthanc's generic GET through its DICOMweb client: our rendered image and WADO-URI.
        var rendered = await OrthancGetAsync(orthanc, $"/studies/{Study}/series/{Series}/instances/{files[1].Sop}/rendered");
        Assert.Equal([0xFF, 0xD8], rendered[..2]);
        var wadoUri = await OrthancGetAsync(orthanc, "/wado", new JsonObject
        {
            ["requestType"] = "WADO",
            ["studyUID"] = Study,
            ["seriesUID"] = Series,
            ["objectUID"] = files[1].Sop,
            ["contentType"] = "application/dicom",
            ["transferSyntax"] = TransferSyntax.RLELossless.Uid,
        });
        Assert.Equal(TestInstances.DatasetBytes(files[1].Bytes), TestInstances.DatasetBytes(wadoUri));
        var file = await DicomFile.ReadAsync(new MemoryStream(wadoUri), cancellationToken: Cancellation);
        Assert.Equal(files[1].Sop, file.Dataset.GetString(DicomTags.SOPInstanceUID));
    }

    private static async Task<byte[]> OrthancGetAsync(OrthancServer orthanc, string uri, JsonObject? arguments = null)
    {
        var body = new JsonObject { ["Uri"] = uri };
        if (arguments is not null)
        {
            body["Arguments"] = arguments;
        }

        using var response = await orthanc.Rest.PostAsJsonAsync("dicom-web/servers/dicomhub/get", body, Cancellation);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancellation);
        Assert.True(response.IsSuccessStatusCode, $"{uri}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}\n{orthanc.Log}");
        return bytes;
    }
}
