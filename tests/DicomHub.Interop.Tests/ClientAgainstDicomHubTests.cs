using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.DicomWeb.Client;
using DicomHub.DicomWeb.Tests.Interop;
using DicomHub.Testing;

namespace DicomHub.Interop.Tests;

/// <summary>Our DICOMweb client against our server: STOW-RS in, QIDO-RS finds, WADO-RS gives back identical data sets.</summary>
public sealed class ClientAgainstDicomHubTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stow_query_and_retrieve_round_trip()
    {
        await using var server = await DicomHubServerFixture.StartAsync(Cancellation);
        using var temp = new TempDirectory();
        var instances = await TestInstances.WriteStudyAsync(temp.Combine("in"), "ROUND1", "Round^Trip", "20240301", count: 4, rows: 32, columns: 32, cancellationToken: Cancellation);
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.DicomWebRoot);

        var stored = await client.StoreAsync(instances.Select(i => i.Path).ToList(), new StowOptions { BatchSize = 3, Parallelism = 2 }, Cancellation);
        var studies = await client.QueryAsync(new QidoQuery { Keys = [new("PatientID", "ROUND1")] }, Cancellation);
        var retrieved = await client.RetrieveAsync(new WadoTarget(instances[0].StudyInstanceUid), temp.Combine("out"), cancellationToken: Cancellation);

        Assert.Equal(4, stored.Stored);
        Assert.Equal(instances[0].StudyInstanceUid, Assert.Single(studies.Matches).GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(4, retrieved.Count);
        foreach (var instance in instances)
        {
            var file = Assert.Single(retrieved, r => r.SopInstanceUid == instance.SopInstanceUid);
            Assert.Equal(
                TestInstances.DatasetBytes(await File.ReadAllBytesAsync(instance.Path, Cancellation)),
                TestInstances.DatasetBytes(await File.ReadAllBytesAsync(file.Path, Cancellation)));
        }
    }
}
