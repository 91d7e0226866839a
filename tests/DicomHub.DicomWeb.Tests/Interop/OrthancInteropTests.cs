using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.DicomWeb.Client;
using DicomHub.Testing;

namespace DicomHub.DicomWeb.Tests.Interop;

/// <summary>Our DICOMweb client against a real Orthanc with its DICOMweb plugin: STOW-RS, QIDO-RS, WADO-RS.</summary>
public sealed class OrthancInteropTests(OrthancFixture orthanc) : IClassFixture<OrthancFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stow_in_one_request_stores_every_instance_byte_identical()
    {
        var server = orthanc.Require();
        using var temp = new TempDirectory();
        var instances = await TestInstances.WriteStudyAsync(temp.Path, "STOW1", "Stow^One", "20240105", count: 5, cancellationToken: Cancellation);
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.DicomWebRoot);
        var sent = new List<string>();

        var result = await client.StoreAsync(instances.Select(i => i.Path).ToList(), new StowOptions { FileSent = (file, _) => sent.Add(file) }, Cancellation);

        Assert.Equal(5, result.Stored);
        Assert.Equal(0, result.Failed);
        Assert.Single(result.Requests);
        Assert.Equal(200, result.Requests[0].HttpStatus);
        Assert.Equal(instances.Select(i => i.Path), sent);
        foreach (var instance in instances)
        {
            var outcome = Assert.Single(result.Instances, r => r.SopInstanceUid == instance.SopInstanceUid);
            Assert.Equal(instance.Path, outcome.File);
            var id = await server.FindInstanceAsync(instance.SopInstanceUid, Cancellation);
            Assert.NotNull(id);
            var stored = await server.InstanceFileAsync(id, Cancellation);
            Assert.Equal(TestInstances.DatasetBytes(await File.ReadAllBytesAsync(instance.Path, Cancellation)), TestInstances.DatasetBytes(stored));
        }
    }

    [Fact]
    public async Task Stow_in_parallel_batches_stores_every_instance()
    {
        var server = orthanc.Require();
        using var temp = new TempDirectory();
        var instances = await TestInstances.WriteStudyAsync(temp.Path, "STOW2", "Stow^Two", "20240106", count: 7, cancellationToken: Cancellation);
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.DicomWebRoot);

        var result = await client.StoreAsync(instances.Select(i => i.Path).ToList(), new StowOptions { BatchSize = 2, Parallelism = 3 }, Cancellation);

        Assert.Equal(4, result.Requests.Count);
        Assert.Equal(7, result.Stored);
        foreach (var instance in instances)
        {
            Assert.NotNull(await server.FindInstanceAsync(instance.SopInstanceUid, Cancellation));
        }
    }

    [Fact]
    public async Task Stow_reports_a_file_that_is_not_DICOM_without_sending_it()
    {
        var server = orthanc.Require();
        using var temp = new TempDirectory();
        var instances = await TestInstances.WriteStudyAsync(temp.Path, "STOW3", "Stow^Three", "20240107", count: 1, cancellationToken: Cancellation);
        var notDicom = temp.Combine("notes.txt");
        await File.WriteAllTextAsync(notDicom, "not an image", Cancellation);
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.DicomWebRoot);

        var result = await client.StoreAsync([instances[0].Path, notDicom], cancellationToken: Cancellation);

        Assert.Equal(1, result.Stored);
        var failure = Assert.Single(result.Instances, i => i.Status == StowInstanceStatus.Failed);
        Assert.Equal(notDicom, failure.File);
        Assert.Contains("not a DICOM Part 10 file", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Qido_matches_patient_id_date_range_and_wildcard_name()
    {
        var server = orthanc.Require();
        using var temp = new TempDirectory();
        var early = await TestInstances.WriteStudyAsync(temp.Combine("a"), "QIDOA", "Quest^Anna", "20230310", count: 2, cancellationToken: Cancellation);
        var late = await TestInstances.WriteStudyAsync(temp.Combine("b"), "QIDOB", "Quest^Bert", "20240620", count: 1, cancellationToken: Cancellation);
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.DicomWebRoot);
        var stored = await client.StoreAsync([.. early.Select(i => i.Path), .. late.Select(i => i.Path)], cancellationToken: Cancellation);
        Assert.Equal(3, stored.Stored);

        var byId = await client.QueryAsync(new QidoQuery { Keys = [QidoQuery.ParseKey("PatientID=QIDOA")] }, Cancellation);
        var byDate = await client.QueryAsync(new QidoQuery { Keys = [new("PatientName", "Quest*"), new("StudyDate", "20240101-20241231")] }, Cancellation);
        var byWildcard = await client.QueryAsync(new QidoQuery { Keys = [new("PatientName", "Quest^*")], IncludeFields = ["StudyDescription"] }, Cancellation);
        var instances = await client.QueryAsync(new QidoQuery { Level = QueryLevel.Instance, StudyInstanceUid = early[0].StudyInstanceUid, Limit = 1 }, Cancellation);

        var study = Assert.Single(byId.Matches);
        Assert.Equal(early[0].StudyInstanceUid, study.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal("Quest^Anna", study.GetString(DicomTags.PatientName));
        Assert.Equal("20230310", study.GetString(DicomTags.StudyDate));
        Assert.Equal(late[0].StudyInstanceUid, Assert.Single(byDate.Matches).GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(
            new[] { early[0].StudyInstanceUid, late[0].StudyInstanceUid }.Order(),
            byWildcard.Matches.Select(m => m.GetString(DicomTags.StudyInstanceUID)!).Order());
        Assert.All(byWildcard.Matches, m => Assert.StartsWith("Interop QIDO", m.GetString(DicomTags.StudyDescription), StringComparison.Ordinal));
        var instance = Assert.Single(instances.Matches);
        Assert.Contains(instance.GetString(DicomTags.SOPInstanceUID), early.Select(i => i.SopInstanceUid));
    }

    [Fact]
    public async Task Qido_without_matches_returns_nothing()
    {
        var server = orthanc.Require();
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.DicomWebRoot);

        var result = await client.QueryAsync(new QidoQuery { Keys = [new("PatientID", "NOBODY-" + Guid.NewGuid().ToString("N"))] }, Cancellation);

        Assert.Empty(result.Matches);
    }

    [Fact]
    public async Task Wado_retrieves_a_study_a_series_and_an_instance_into_identical_files()
    {
        var server = orthanc.Require();
        using var temp = new TempDirectory();
        var instances = await TestInstances.WriteStudyAsync(temp.Combine("in"), "WADO1", "Wado^One", "20240108", count: 3, rows: 64, columns: 64, cancellationToken: Cancellation);
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.DicomWebRoot);
        Assert.Equal(3, (await client.StoreAsync(instances.Select(i => i.Path).ToList(), cancellationToken: Cancellation)).Stored);
        var first = instances[0];

        var study = await client.RetrieveAsync(new WadoTarget(first.StudyInstanceUid), temp.Combine("study"), cancellationToken: Cancellation);
        var series = await client.RetrieveAsync(new WadoTarget(first.StudyInstanceUid, first.SeriesInstanceUid), temp.Combine("series"), cancellationToken: Cancellation);
        var single = await client.RetrieveAsync(new WadoTarget(first.StudyInstanceUid, first.SeriesInstanceUid, first.SopInstanceUid), temp.Combine("one"), cancellationToken: Cancellation);

        Assert.Equal(3, study.Count);
        Assert.Equal(3, series.Count);
        Assert.Equal(first.SopInstanceUid, Assert.Single(single).SopInstanceUid);
        foreach (var instance in instances)
        {
            var retrieved = Assert.Single(study, r => r.SopInstanceUid == instance.SopInstanceUid);
            Assert.Equal(Path.Combine(temp.Combine("study"), instance.SopInstanceUid + ".dcm"), retrieved.Path);
            Assert.Equal(
                TestInstances.DatasetBytes(await File.ReadAllBytesAsync(instance.Path, Cancellation)),
                TestInstances.DatasetBytes(await File.ReadAllBytesAsync(retrieved.Path, Cancellation)));
        }

        Assert.Empty(Directory.GetFiles(temp.Combine("study"), "*.partial"));
    }

    [Fact]
    public async Task Wado_metadata_describes_each_instance()
    {
        var server = orthanc.Require();
        using var temp = new TempDirectory();
        var instances = await TestInstances.WriteStudyAsync(temp.Path, "META1", "Meta^One", "20240109", count: 2, cancellationToken: Cancellation);
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.DicomWebRoot);
        Assert.Equal(2, (await client.StoreAsync(instances.Select(i => i.Path).ToList(), cancellationToken: Cancellation)).Stored);

        var metadata = await client.RetrieveMetadataAsync(new WadoTarget(instances[0].StudyInstanceUid), Cancellation);

        Assert.Equal(instances.Select(i => i.SopInstanceUid).Order(), metadata.Select(m => m.GetString(DicomTags.SOPInstanceUID)!).Order());
        Assert.All(metadata, m => Assert.Equal((ushort)16, m.GetUInt16(DicomTags.Rows)));
        Assert.All(metadata, m => Assert.Equal("Meta^One", m.GetString(DicomTags.PatientName)));
    }

    [Fact]
    public async Task Wado_of_an_unknown_study_says_so()
    {
        var server = orthanc.Require();
        using var temp = new TempDirectory();
        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, server.DicomWebRoot);

        var error = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveAsync(new WadoTarget(DicomUid.Generate()), temp.Path, cancellationToken: Cancellation));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }
}
