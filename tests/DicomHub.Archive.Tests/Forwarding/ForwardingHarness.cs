using DicomHub.Archive.Destinations;
using DicomHub.Archive.Forwarding;
using DicomHub.Archive.Forwarding.Sqlite;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
using DicomHub.Archive.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Forwarding;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>A sender whose answers the test scripts per SOP Instance UID (acknowledged unless told otherwise), recording every call.</summary>
internal sealed class ScriptedSender(DestinationProtocol protocol) : IDestinationSender
{
    public DestinationProtocol Protocol => protocol;

    public Dictionary<string, SendOutcomeKind> Answers { get; } = [];

    public List<string> Sent { get; } = [];

    public Task<IReadOnlyList<SendOutcome>> SendAsync(Destination destination, IReadOnlyList<OutboundInstance> instances, CancellationToken cancellationToken)
    {
        Assert.All(instances, i => Assert.True(i.Length > 0, i.Content.Name));
        Sent.AddRange(instances.Select(i => i.SopInstanceUid));
        return Task.FromResult<IReadOnlyList<SendOutcome>>([.. instances.Select(i =>
        {
            var kind = Answers.GetValueOrDefault(i.SopInstanceUid, SendOutcomeKind.Acknowledged);
            return new SendOutcome(i.ItemId, kind, kind == SendOutcomeKind.Acknowledged ? null : $"scripted {kind} for {i.SopInstanceUid}");
        })]);
    }
}

/// <summary>An archive (registry, blobs), its transfer queue and a worker with a scripted sender for destination PACS.</summary>
internal sealed class ForwardingHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private ForwardingHarness(ArchiveFixture archive, ForwardingOptions options)
    {
        Archive = archive;
        Options = options;
        Catalog = DestinationCatalog.FromPairs([KeyValuePair.Create("PACS", (string?)"dicom://PACS@127.0.0.1:104")]);
        Restart();
    }

    public ArchiveFixture Archive { get; }

    public ForwardingOptions Options { get; }

    public DestinationCatalog Catalog { get; }

    public ManualClock Clock { get; } = new(Start);

    public ScriptedSender Sender { get; } = new(DestinationProtocol.Dimse);

    public SqliteTransferQueue Queue { get; private set; } = null!;

    public ForwardingWorker Worker { get; private set; } = null!;

    public ExportService Exports { get; private set; } = null!;

    public static async Task<ForwardingHarness> CreateAsync(ForwardingOptions? options = null) =>
        new(await ArchiveFixture.CreateAsync(), options ?? new ForwardingOptions { RetryInitialDelay = TimeSpan.FromSeconds(10), RetryMaxDelay = TimeSpan.FromSeconds(60) });

    /// <summary>A new queue and worker over the same database: what a server restart leaves.</summary>
    public void Restart()
    {
        Queue?.Dispose();
        Queue = new SqliteTransferQueue(Archive.Options.RegistryPath, Clock);
        var signal = new TransferQueueSignal();
        Worker = new ForwardingWorker(Queue, Archive.Registry, Archive.Blobs, Catalog, [Sender], Options, signal, Clock);
        Exports = new ExportService(Archive.Registry, Queue, Catalog, signal, new RoleAuthorizer());
    }

    /// <summary>Stores instances 2.1 .. 2.N of study 1.2.3.1 and exports the study to PACS; returns the job id.</summary>
    public async Task<long> StoreAndExportAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            var result = await Archive.Pipeline.StoreAsync(new MemoryStream(await TestFiles.InstanceAsync($"2.{i}")), new IngestSource(IngestProtocol.StowRs) { Principal = ArchivePrincipal.System }, TestContext.Current.CancellationToken);
            Assert.True(result.IsStored, result.Message);
        }

        var export = await Exports.ExportAsync(ArchivePrincipal.System, "PACS", new InstanceScope("1.2.3.1"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(export.IsQueued, export.Message);
        return export.JobId;
    }

    public async Task<TransferJobStatus> JobAsync(long id) => (await Queue.GetJobAsync(id, TestContext.Current.CancellationToken))!;

    public async ValueTask DisposeAsync()
    {
        Queue.Dispose();
        await Archive.DisposeAsync();
    }
}
