using System.Text.Json;
using DicomHub.Archive.Ingest;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Server.Tests.Forwarding;

/// <summary>
/// Issue 5's test: two DicomHub servers and an Orthanc on loopback. A study stored in the first reaches the
/// second by DIMSE (a forwarding rule) and Orthanc by STOW-RS (an export); the second is stopped in the middle
/// of its transfer and started again; in the end all three hold the same data sets, each exactly once.
/// </summary>
public sealed class SharingBetweenArchivesTests
{
    private const int StudySize = 40;
    private const int StoredBeforeTheGate = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StudyReachesSecondArchiveByDimseAndOrthancByStowIdenticallyAcrossARestartOfTheSecond()
    {
        await using var orthanc = await OrthancServer.StartAsync(cancellationToken: Ct);
        var gate = new GateObserver(StoredBeforeTheGate);
        await using var second = new HubNode("HUB2");
        await second.StartAsync(services => services.AddSingleton<IIngestObserver>(gate));
        await using var first = new HubNode("HUB1", new Dictionary<string, string?>
        {
            ["Destinations:HUB2"] = second.DimseUrl,
            ["Destinations:ORTHANC"] = orthanc.DicomWebRoot.ToString(),
            ["Forwarding:Rules:0:Destination"] = "HUB2",
            ["Forwarding:Rules:0:CallingAeTitle"] = "MODALITY1",
            ["Forwarding:DimseWindow"] = "4",
            ["Forwarding:StowBatchSize"] = "8",

            // A held C-STORE response times out quickly, so the first archive sees the interruption.
            ["Forwarding:DimseTimeout"] = "00:00:02",
        });
        await first.StartAsync();

        // The modality stores the study into the first archive; the rule queues each instance for HUB2.
        var study = await StudyData.CreateAsync("1.2.826.0.1.7100", StudySize);
        await study.CStoreAsync(first, "MODALITY1", Ct);
        var orthancJob = await ForwardingTests.ExportAsync(first, $"studies/{study.StudyInstanceUid}/export?to=ORTHANC");

        // The second archive holds the transfer part-way; the first times out, records why and retries.
        await gate.Reached.WaitAsync(Patience, Ct);
        await Poll.UntilAsync(
            () => HubJobsAsync(first),
            jobs => jobs.Any(j => j.GetProperty("lastError").ValueKind == JsonValueKind.String),
            Patience,
            jobs => "no HUB2 job has recorded an error yet",
            Ct);
        var beforeStop = await HubJobsAsync(first);
        Assert.True(beforeStop.Sum(j => j.GetProperty("pending").GetInt32()) > 0, "the transfer to HUB2 must still be under way when HUB2 stops");

        // Stop the second archive in the middle of the transfer (releasing what it held), then start it again.
        var stopping = second.StopAsync();
        gate.Open();
        await stopping;
        await second.StartAsync();

        var finished = await Poll.UntilAsync(
            () => HubJobsAsync(first),
            jobs => jobs.Sum(j => j.GetProperty("pending").GetInt32()) == 0,
            Patience,
            jobs => $"{jobs.Sum(j => j.GetProperty("pending").GetInt32())} instances still pending for HUB2",
            Ct);
        Assert.Equal(StudySize, finished.Sum(j => j.GetProperty("done").GetInt32()));
        Assert.Equal(0, finished.Sum(j => j.GetProperty("failed").GetInt32()));
        Assert.True(finished.Sum(j => j.GetProperty("attempts").GetInt32()) > StudySize, "the interruption must have caused retries");

        var stow = await Poll.UntilAsync(() => first.ExportStatusAsync(orthancJob, Ct), s => s.GetProperty("pending").GetInt32() == 0, Patience, s => s.ToString(), Ct);
        Assert.Equal("completed", stow.GetProperty("state").GetString());
        Assert.Equal(StudySize, stow.GetProperty("done").GetInt32());

        // Nothing lost, nothing twice: each archive holds every instance exactly once.
        var inSecond = await second.InstanceUidsAsync(study.StudyInstanceUid, Ct);
        Assert.Equal(StudySize, inSecond.Count);
        Assert.Equal(study.SopUids.Order(), inSecond.Order());
        Assert.Equal(StudySize, second.BlobCount());
        Assert.Equal(StudySize, first.BlobCount());
        var orthancIds = await orthanc.InstanceIdsAsync(Ct);
        Assert.Equal(StudySize, orthancIds.Count);

        // Identical data sets in all three (file meta aside: each archive writes its own).
        var fromOrthanc = new Dictionary<string, byte[]>();
        foreach (var id in orthancIds)
        {
            var bytes = await orthanc.InstanceFileAsync(id, Ct);
            var file = await DicomFile.ReadAsync(new MemoryStream(bytes), cancellationToken: Ct);
            fromOrthanc.Add(file.Dataset.GetString(DicomTags.SOPInstanceUID)!.Trim(), bytes);
        }

        foreach (var (sop, series, original) in study.Instances)
        {
            var expected = await StudyData.CanonicalAsync(original, Ct);
            Assert.Equal(expected, await StudyData.CanonicalAsync(await StudyData.RetrieveAsync(first, study.StudyInstanceUid, series, sop, Ct), Ct));
            Assert.Equal(expected, await StudyData.CanonicalAsync(await StudyData.RetrieveAsync(second, study.StudyInstanceUid, series, sop, Ct), Ct));
            Assert.Equal(expected, await StudyData.CanonicalAsync(fromOrthanc[sop], Ct));
        }
    }

    private static async Task<List<JsonElement>> HubJobsAsync(HubNode node) =>
        [.. (await node.ExportsAsync(Ct)).EnumerateArray().Where(j => j.GetProperty("destination").GetString() == "HUB2")];
}
