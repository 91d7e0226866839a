using DicomHub.Archive.Destinations;
using DicomHub.Archive.Forwarding;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Forwarding;

/// <summary>Forwarding rules: which instances they pick, and that ingest queues them without depending on them.</summary>
public sealed class ForwardingRulesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MatchingInstancesAreQueuedOnIngestPerRuleAndStudy()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        var options = new ForwardingOptions
        {
            Rules =
            [
                new ForwardingRule { Destination = "pacs", CallingAeTitle = "MODALITY1" },
                new ForwardingRule { Destination = "PACS", Modality = "mr" },
            ],
        };
        var observer = new ForwardingRulesObserver(options, h.Catalog, h.Queue, new TransferQueueSignal());
        var pipeline = new IngestPipeline(h.Archive.Blobs, h.Archive.Registry, h.Archive.Options, observers: [observer]);

        await StoreAsync(pipeline, TestDatasets.Dataset("3.1", study: "5.1", series: "5.1.1"), new IngestSource(IngestProtocol.Dimse, "MODALITY1") { Principal = ArchivePrincipal.System });
        await StoreAsync(pipeline, TestDatasets.Dataset("3.2", study: "5.2", series: "5.2.1"), new IngestSource(IngestProtocol.Dimse, "MODALITY2") { Principal = ArchivePrincipal.System });
        await StoreAsync(pipeline, TestDatasets.Dataset("3.3", study: "5.3", series: "5.3.1", modality: "MR"), new IngestSource(IngestProtocol.StowRs, "10.0.0.1") { Principal = ArchivePrincipal.System });
        await StoreAsync(pipeline, TestDatasets.Dataset("3.4", study: "5.4", series: "5.4.1"), new IngestSource(IngestProtocol.StowRs, "MODALITY1") { Principal = ArchivePrincipal.System });

        var jobs = await h.Queue.RecentJobsAsync(10, Ct);
        Assert.Equal(
            [("5.1", "rule 0", "PACS"), ("5.3", "rule 1", "PACS")],
            jobs.OrderBy(j => j.Id).Select(j => (j.Scope.StudyInstanceUid, j.Origin, j.Destination)).ToArray());
        Assert.All(jobs, j => Assert.Equal(1, j.Pending));
    }

    [Fact]
    public async Task AFailingObserverDoesNotUndoTheStore()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        var pipeline = new IngestPipeline(h.Archive.Blobs, h.Archive.Registry, h.Archive.Options, observers: [new ThrowingObserver()]);

        var result = await StoreAsync(pipeline, TestDatasets.Dataset("3.9", study: "5.9", series: "5.9.1"), new IngestSource(IngestProtocol.StowRs) { Principal = ArchivePrincipal.System });

        Assert.True(result.IsStored, result.Message);
        Assert.True(await h.Archive.Registry.ContainsInstanceAsync("3.9", Ct));
    }

    [Fact]
    public async Task AForwardingJobLostToACrashBeforeTheEnqueueIsQueuedAtTheNextStart()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        var rules = new ForwardingOptions { Rules = [new ForwardingRule { Destination = "PACS", CallingAeTitle = "MODALITY1", Modality = "MR" }] };

        // The first process stores, then dies before its rules run: a broken observer stands for the crash.
        var crashed = new IngestPipeline(h.Archive.Blobs, h.Archive.Registry, h.Archive.Options, observers: [new ThrowingObserver()]);
        var stored = await StoreAsync(crashed, TestDatasets.Dataset("3.7", study: "5.7", series: "5.7.1", modality: "MR"), new IngestSource(IngestProtocol.Dimse, "MODALITY1") { Principal = ArchivePrincipal.System });
        Assert.True(stored.IsStored, stored.Message);
        Assert.Empty(await h.Queue.RecentJobsAsync(10, Ct));

        // The next start, with the rules working, replays what was owed: the rule still sees the calling AE and modality.
        var observer = new ForwardingRulesObserver(rules, h.Catalog, h.Queue, new TransferQueueSignal());
        var restarted = new IngestPipeline(h.Archive.Blobs, h.Archive.Registry, h.Archive.Options, observers: [observer]);
        Assert.Equal(1, await restarted.ReplayFollowUpsAsync(Ct));

        var job = Assert.Single(await h.Queue.RecentJobsAsync(10, Ct));
        Assert.Equal(("5.7", "PACS", 1), (job.Scope.StudyInstanceUid, job.Destination, job.Pending));
        Assert.Equal(0, await restarted.ReplayFollowUpsAsync(Ct));
        Assert.Single(await h.Queue.RecentJobsAsync(10, Ct));
    }

    [Fact]
    public async Task FollowUpsThatRanAreRemovedByTheNextCommitOrAtTheStopAndNotReplayed()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        var rules = new ForwardingOptions { Rules = [new ForwardingRule { Destination = "PACS" }] };
        var pipeline = new IngestPipeline(h.Archive.Blobs, h.Archive.Registry, h.Archive.Options, observers: [new ForwardingRulesObserver(rules, h.Catalog, h.Queue, new TransferQueueSignal())]);

        await StoreAsync(pipeline, TestDatasets.Dataset("4.1", study: "6.1", series: "6.1.1"), new IngestSource(IngestProtocol.StowRs) { Principal = ArchivePrincipal.System });
        Assert.Single(await h.Archive.Registry.ReadFollowUpsAsync(Ct).ToListAsync(Ct));
        await StoreAsync(pipeline, TestDatasets.Dataset("4.2", study: "6.2", series: "6.2.1"), new IngestSource(IngestProtocol.StowRs) { Principal = ArchivePrincipal.System });
        Assert.Equal(["4.2"], (await h.Archive.Registry.ReadFollowUpsAsync(Ct).ToListAsync(Ct)).Select(f => f.SopInstanceUid));

        await pipeline.FlushFollowUpsAsync(Ct);

        Assert.Empty(await h.Archive.Registry.ReadFollowUpsAsync(Ct).ToListAsync(Ct));
        Assert.Equal(0, await pipeline.ReplayFollowUpsAsync(Ct));
        Assert.Equal(2, (await h.Queue.RecentJobsAsync(10, Ct)).Count);
    }

    [Fact]
    public async Task WithoutObserversNoFollowUpIsRecorded()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        var pipeline = new IngestPipeline(h.Archive.Blobs, h.Archive.Registry, h.Archive.Options);

        await StoreAsync(pipeline, TestDatasets.Dataset("4.5", study: "6.5", series: "6.5.1"), new IngestSource(IngestProtocol.StowRs) { Principal = ArchivePrincipal.System });

        Assert.Empty(await h.Archive.Registry.ReadFollowUpsAsync(Ct).ToListAsync(Ct));
    }

    [Fact]
    public void RuleWithAnUnknownDestinationIsRefusedNamingTheFix()
    {
        var catalog = DestinationCatalog.FromPairs([KeyValuePair.Create("PACS", (string?)"dicom://PACS@127.0.0.1:104")]);
        var error = Assert.Throws<InvalidOperationException>(() => ForwardingRulesObserver.Validate([new ForwardingRule { Destination = "PACS" }, new ForwardingRule { Destination = "ORTHANC" }, new ForwardingRule()], catalog));
        Assert.Contains("Forwarding:Rules:1 names destination 'ORTHANC'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Forwarding:Rules:2 has no Destination", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Rules:0", error.Message, StringComparison.Ordinal);
    }

    private static async Task<IngestResult> StoreAsync(IngestPipeline pipeline, Dicom.Data.DicomDataset dataset, IngestSource source) =>
        await pipeline.StoreAsync(new MemoryStream(await TestFiles.Part10Async(TestFiles.WithPixels(dataset))), source, Ct);

    private sealed class ThrowingObserver : IIngestObserver
    {
        public Task OnStoredAsync(IngestSource source, IReadOnlyList<InstanceRecord> stored, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("observer broken");
    }
}
