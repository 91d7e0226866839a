using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Server.Tests.Forwarding;

/// <summary>Two DicomHub servers on loopback: exports and rules move instances by DIMSE and STOW-RS, durably.</summary>
public sealed class ForwardingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExportedStudyReachesTheOtherArchiveByDimseWithIdenticalDataSets()
    {
        await using var second = new HubNode("HUB2");
        await second.StartAsync();
        await using var first = new HubNode("HUB1", new Dictionary<string, string?> { ["Destinations:HUB2"] = second.DimseUrl });
        await first.StartAsync();
        var study = await StudyData.CreateAsync("1.2.826.0.1.7001", 6);
        await study.StowAsync(first, Ct);

        var id = await ExportAsync(first, $"studies/{study.StudyInstanceUid}/export?to=HUB2");
        var status = await WaitFinishedAsync(first, id);
        Assert.Equal("completed", status.GetProperty("state").GetString());
        Assert.Equal(6, status.GetProperty("done").GetInt32());

        var received = await second.InstanceUidsAsync(study.StudyInstanceUid, Ct);
        Assert.Equal(study.SopUids.Order(), received.Order());
        foreach (var (sop, series, bytes) in study.Instances)
        {
            var copy = await StudyData.RetrieveAsync(second, study.StudyInstanceUid, series, sop, Ct);
            Assert.Equal(await StudyData.CanonicalAsync(bytes, Ct), await StudyData.CanonicalAsync(copy, Ct));
        }
    }

    [Fact]
    public async Task SeriesAndInstanceExportsSendOnlyTheirScopeOverStow()
    {
        await using var second = new HubNode("HUB2");
        await second.StartAsync();
        await using var first = new HubNode("HUB1", new Dictionary<string, string?> { ["Destinations:WEB2"] = second.DicomWebRoot.ToString() });
        await first.StartAsync();
        var study = await StudyData.CreateAsync("1.2.826.0.1.7002", 5);
        await study.StowAsync(first, Ct);
        var series = study.Instances[0].Series;
        var inSeries = study.Instances.Where(i => i.Series == series).Select(i => i.Sop).ToList();
        var other = study.Instances.First(i => i.Series != series);

        await WaitFinishedAsync(first, await ExportAsync(first, $"studies/{study.StudyInstanceUid}/series/{series}/export?to=WEB2"));
        await WaitFinishedAsync(first, await ExportAsync(first, $"studies/{study.StudyInstanceUid}/series/{other.Series}/instances/{other.Sop}/export?to=web2"));

        Assert.Equal(inSeries.Append(other.Sop).Order(), (await second.InstanceUidsAsync(study.StudyInstanceUid, Ct)).Order());
    }

    [Fact]
    public async Task PendingExportResumesAfterTheSenderRestartsAndTheRemoteComesUp()
    {
        await using var second = new HubNode("HUB2");
        await using var first = new HubNode("HUB1", new Dictionary<string, string?> { ["Destinations:HUB2"] = second.DimseUrl });
        await first.StartAsync();
        var study = await StudyData.CreateAsync("1.2.826.0.1.7003", 4);
        await study.StowAsync(first, Ct);

        // The remote is down: the job is accepted, tried, and waits with the reason recorded.
        var id = await ExportAsync(first, $"studies/{study.StudyInstanceUid}/export?to=HUB2");
        await Poll.UntilAsync(() => first.ExportStatusAsync(id, Ct), s => s.GetProperty("attempts").GetInt32() > 0, Patience, s => s.ToString(), Ct);

        // The sending archive restarts (the queue is all it remembers), then the remote comes up.
        await first.StopAsync();
        await second.StartAsync();
        await first.StartAsync();

        var status = await WaitFinishedAsync(first, id);
        Assert.Equal("completed", status.GetProperty("state").GetString());
        Assert.Equal(4, status.GetProperty("done").GetInt32());
        Assert.Equal(study.SopUids.Order(), (await second.InstanceUidsAsync(study.StudyInstanceUid, Ct)).Order());
    }

    [Fact]
    public async Task RuleForwardsWhatTheNamedModalitySendsAndNothingElse()
    {
        await using var second = new HubNode("HUB2");
        await second.StartAsync();
        await using var first = new HubNode("HUB1", new Dictionary<string, string?>
        {
            ["Destinations:HUB2"] = second.DimseUrl,
            ["Forwarding:Rules:0:Destination"] = "HUB2",
            ["Forwarding:Rules:0:CallingAeTitle"] = "MODALITY1",
        });
        await first.StartAsync();
        var wanted = await StudyData.CreateAsync("1.2.826.0.1.7004", 3);
        var unwanted = await StudyData.CreateAsync("1.2.826.0.1.7005", 2);
        await unwanted.CStoreAsync(first, "MODALITY2", Ct);
        await wanted.CStoreAsync(first, "MODALITY1", Ct);

        await Poll.UntilAsync(() => second.InstanceUidsAsync(wanted.StudyInstanceUid, Ct), r => r.Count >= 3, Patience, r => $"{r.Count} of 3 forwarded", Ct);
        var jobs = await first.Client.GetFromJsonAsync<JsonElement>("exports", Ct);
        Assert.All(jobs.EnumerateArray(), j =>
        {
            Assert.Equal(wanted.StudyInstanceUid, j.GetProperty("studyInstanceUid").GetString());
            Assert.Equal("rule 0", j.GetProperty("origin").GetString());
        });
        Assert.Equal(3, jobs.EnumerateArray().Sum(j => j.GetProperty("total").GetInt32()));
        Assert.Empty(await second.InstanceUidsAsync(unwanted.StudyInstanceUid, Ct));
    }

    [Fact]
    public async Task AFollowUpThatDidNotCompleteIsReplayedWhenTheServerStartsAgain()
    {
        // The destination is down throughout: only the queue is looked at. A second observer that throws stands for
        // a crash right after the commit: the instance's follow-up is not marked done, so it stays owed.
        await using var first = new HubNode("HUB1", new Dictionary<string, string?>
        {
            ["Destinations:HUB2"] = "dicom://HUB2@127.0.0.1:1",
            ["Forwarding:Rules:0:Destination"] = "HUB2",
        });
        await first.StartAsync(services => services.AddSingleton<IIngestObserver>(new BrokenObserver()));
        var study = await StudyData.CreateAsync("1.2.826.0.1.7010", 1);
        await study.StowAsync(first, Ct);
        Assert.Equal(1, (await first.ExportsAsync(Ct)).GetArrayLength());
        await first.StopAsync();

        await first.StartAsync();

        // At least once: the rule's job is queued again from the owed follow-up, and nothing is owed after that.
        var jobs = await first.ExportsAsync(Ct);
        Assert.Equal(2, jobs.GetArrayLength());
        Assert.All(jobs.EnumerateArray(), j => Assert.Equal(study.StudyInstanceUid, j.GetProperty("studyInstanceUid").GetString()));
        await first.StopAsync();
        await first.StartAsync();
        Assert.Equal(2, (await first.ExportsAsync(Ct)).GetArrayLength());
    }

    [Fact]
    public async Task RemoteRefusalIsRecordedAsFailedAndNotRetried()
    {
        // The remote refuses duplicates: an instance it already holds comes back as a STOW-RS failure (409).
        await using var second = new HubNode("HUB2", new Dictionary<string, string?> { ["Storage:DuplicatePolicy"] = "Reject" });
        await second.StartAsync();
        await using var first = new HubNode("HUB1", new Dictionary<string, string?> { ["Destinations:WEB2"] = second.DicomWebRoot.ToString() });
        await first.StartAsync();
        var study = await StudyData.CreateAsync("1.2.826.0.1.7006", 2);
        await study.StowAsync(first, Ct);
        await study.StowAsync(second, Ct);

        var status = await WaitFinishedAsync(first, await ExportAsync(first, $"studies/{study.StudyInstanceUid}/export?to=WEB2"));
        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal(2, status.GetProperty("failed").GetInt32());
        Assert.Equal(2, status.GetProperty("attempts").GetInt32());
        var failure = status.GetProperty("failures")[0];
        Assert.Contains(failure.GetProperty("sopInstanceUid").GetString(), study.SopUids);
        Assert.Contains("WEB2", failure.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleNamingAnUnknownDestinationStopsTheServerAtStart()
    {
        await using var node = new HubNode("HUB1", new Dictionary<string, string?> { ["Forwarding:Rules:0:Destination"] = "MISSING" });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => node.StartAsync());
        Assert.Contains("'MISSING'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Destinations__NAME=URL", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<long> ExportAsync(HubNode node, string path)
    {
        using var response = await node.Client.PostAsync(path, null, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id").GetInt64();
    }

    internal static Task<JsonElement> WaitFinishedAsync(HubNode node, long id) =>
        Poll.UntilAsync(() => node.ExportStatusAsync(id, Ct), s => s.GetProperty("pending").GetInt32() == 0, Patience, s => s.ToString(), Ct);

    /// <summary>An ingest observer that always fails, as a follow-up cut short by a crash.</summary>
    private sealed class BrokenObserver : IIngestObserver
    {
        public Task OnStoredAsync(IngestSource source, IReadOnlyList<InstanceRecord> stored, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("crash (simulated)");
    }
}
