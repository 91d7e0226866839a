using System.Net;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scp;
using DicomHub.Network.Scu;
using DicomHub.Network.Services;
using DicomHub.Network.Storage;
using DicomHub.Testing;
using DicomUids = DicomHub.Dicom.Dictionary.DicomUids;

namespace DicomHub.Network.Tests.Dimse;

/// <summary>Our C-MOVE/C-GET SCU against our C-MOVE/C-GET SCP with a scripted handler: sub-operations, counts, C-CANCEL, refusals.</summary>
public sealed class RetrieveServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CGetBringsEveryInstanceBackOnTheSameAssociation()
    {
        var handler = new ScriptedRetrieveHandler(count: 4);
        await using var server = await StartAsync(handler);
        using var folder = new TempDirectory("get-out");
        await using var association = await ConnectForGetAsync(server, new FolderStoreHandler(folder.Path));
        var progress = new List<RetrieveProgress>();

        var result = await association.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, Identifier(), new SyncProgress(progress.Add), Ct);

        Assert.True(result.Status.IsSuccess, result.Status.ToString());
        Assert.Equal((4, 0, 0), (result.Completed, result.Failed, result.Warning));
        Assert.Equal([3, 2, 1], progress.Select(p => p.Remaining));
        Assert.Equal(handler.Uids.Select(u => u + ".dcm").Order(), Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
        foreach (var uid in handler.Uids)
        {
            var (_, dataset) = await TestData.ReadFileAsync(Path.Combine(folder.Path, uid + ".dcm"));
            Assert.Equal(handler.Bytes[uid], dataset);
        }
    }

    [Fact]
    public async Task CancellingACGetStopsTheSubOperationsWithFE00AndTheCounts()
    {
        var handler = new ScriptedRetrieveHandler(count: 5);
        await using var server = await StartAsync(handler);
        using var folder = new TempDirectory("get-out");
        using var cancel = new CancellationTokenSource();
        var store = new CancellingStoreHandler(new FolderStoreHandler(folder.Path), cancel);
        await using var association = await ConnectForGetAsync(server, store);

        var result = await association.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, Identifier(), null, cancel.Token);

        // The C-CANCEL goes out before our answer to the first sub-operation, so the SCP stops right after it.
        Assert.True(result.IsCancelled, result.Status.ToString());
        Assert.Equal(0xFE00, result.Status.Code);
        Assert.Equal(1, result.Completed);
        Assert.Equal(4, result.Remaining);
        Assert.Single(Directory.GetFiles(folder.Path));
        Assert.True(association.IsAlive);
    }

    [Fact]
    public async Task CGetWithoutRoleSelectionFailsEachSubOperationAndSaysWhy()
    {
        var handler = new ScriptedRetrieveHandler(count: 2);
        await using var server = await StartAsync(handler);
        using var folder = new TempDirectory("get-out");
        var (contexts, _) = RetrievePresentationContexts.ForGet([DicomUids.CTImageStorage]);
        var options = new DicomClientOptions { CallingAeTitle = "GETSCU", StoreHandler = new FolderStoreHandler(folder.Path) };
        await using var association = await DicomClient.ConnectAsync(server.Node, contexts, options, cancellationToken: Ct);

        var result = await association.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, Identifier(), null, Ct);

        Assert.Equal(0xA702, result.Status.Code);
        Assert.Equal(2, result.Failed);
        Assert.Equal(handler.Uids.Order(), result.FailedSopInstanceUids.Order());
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task CMoveSendsToTheDestinationOnANewAssociationAndNamesTheOriginator()
    {
        await using var destination = await LoopbackServer.StartAsync();
        var handler = new ScriptedRetrieveHandler(count: 3) { Destination = destination.Node };
        await using var server = await StartAsync(handler);
        await using var association = await DicomClient.ConnectAsync(server.Node, RetrievePresentationContexts.ForMove(), new DicomClientOptions { CallingAeTitle = "MOVESCU" }, cancellationToken: Ct);

        var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "STORESCP", Identifier(), null, Ct);

        Assert.True(result.Status.IsSuccess, result.Status.ToString());
        Assert.Equal(3, result.Completed);
        Assert.Equal(handler.Uids.Select(u => u + ".dcm").Order(), destination.StoredFiles().Select(Path.GetFileName).Order());
        Assert.Equal("STORESCP", handler.LastDestination);
    }

    [Fact]
    public async Task CMoveReportsB000AndTheFailedInstancesWhenTheDestinationRefusesSome()
    {
        // The destination takes CT only; one of the instances is MR.
        await using var destination = await LoopbackServer.StartAsync(new AcceptancePolicy { AeTitle = "STORESCP", SopClasses = new HashSet<string> { DicomUids.CTImageStorage } });
        var handler = new ScriptedRetrieveHandler(count: 3, mrIndex: 1) { Destination = destination.Node };
        await using var server = await StartAsync(handler);
        await using var association = await DicomClient.ConnectAsync(server.Node, RetrievePresentationContexts.ForMove(), new DicomClientOptions(), cancellationToken: Ct);

        var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "STORESCP", Identifier(), null, Ct);

        Assert.Equal(0xB000, result.Status.Code);
        Assert.Equal((2, 1), (result.Completed, result.Failed));
        Assert.Equal([handler.Uids[1]], result.FailedSopInstanceUids);
        Assert.Equal(2, destination.StoredFiles().Length);
    }

    [Fact]
    public async Task CMoveKeepsSeveralSubOperationsOutstandingWhenTheDestinationNegotiatesAWindow()
    {
        // The destination holds each C-STORE until four are in progress at once: a mover that waited for every
        // response before the next request would leave it holding the first until the probe gives up.
        var probe = new ConcurrencyProbe(target: 4);
        var destinationOptions = new DicomServerOptions { BindAddress = IPAddress.Loopback, Port = 0, Policy = new AcceptancePolicy { AeTitle = "STORESCP", MaxOperationsPerformed = 8 } };
        await using var destination = new DicomServer(destinationOptions, [new CStoreService(probe)]);
        await destination.StartAsync(Ct);
        var handler = new ScriptedRetrieveHandler(count: 8) { Destination = new DicomNodeUri("STORESCP", "127.0.0.1", destination.Port) };
        await using var server = await StartAsync(handler, moveWindow: 8);
        await using var association = await DicomClient.ConnectAsync(server.Node, RetrievePresentationContexts.ForMove(), new DicomClientOptions { CallingAeTitle = "MOVESCU" }, cancellationToken: Ct);
        var pending = new List<int>();

        var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "STORESCP", Identifier(), new SyncProgress(p => pending.Add(p.Remaining)), Ct);

        Assert.True(result.Status.IsSuccess, result.Status.ToString());
        Assert.Equal(8, result.Completed);
        Assert.False(probe.GaveUp, "the destination never had four C-STOREs outstanding at once");
        Assert.InRange(probe.MostAtOnce, 4, 8);
        Assert.Equal(handler.Uids.Order(), probe.Received.Order());
        Assert.Equal([7, 6, 5, 4, 3, 2, 1], pending);
    }

    [Fact]
    public async Task CMoveToAnUnknownDestinationIsA801WithTheHandlersComment()
    {
        var handler = new ScriptedRetrieveHandler(count: 1);
        await using var server = await StartAsync(handler);
        await using var association = await DicomClient.ConnectAsync(server.Node, RetrievePresentationContexts.ForMove(), new DicomClientOptions(), cancellationToken: Ct);

        var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "NOWHERE", Identifier(), null, Ct);

        Assert.Equal(0xA801, result.Status.Code);
        Assert.Equal("unknown: NOWHERE", result.Status.ErrorComment);
    }

    private static DicomDataset Identifier()
    {
        var identifier = new DicomDataset();
        identifier.AddOrUpdate(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.AddOrUpdate(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2.3");
        return identifier;
    }

    private static async Task<LoopbackRetrieveServer> StartAsync(ScriptedRetrieveHandler handler, ushort moveWindow = 1)
    {
        var options = new DicomServerOptions { BindAddress = IPAddress.Loopback, Port = 0, Policy = new AcceptancePolicy { AeTitle = "QRSCP" } };
        var server = new DicomServer(options, [new CEchoService(new SuccessEchoHandler()), new CMoveService(handler, asyncOperationsWindow: moveWindow), new CGetService(handler)]);
        await server.StartAsync(Ct);
        return new LoopbackRetrieveServer(server);
    }

    private static Task<DicomClientAssociation> ConnectForGetAsync(LoopbackRetrieveServer server, ICStoreHandler store)
    {
        var (contexts, roles) = RetrievePresentationContexts.ForGet([DicomUids.CTImageStorage, DicomUids.MRImageStorage]);
        var options = new DicomClientOptions { CallingAeTitle = "GETSCU", RoleSelections = roles, StoreHandler = store };
        return DicomClient.ConnectAsync(server.Node, contexts, options, cancellationToken: Ct);
    }

    private sealed class LoopbackRetrieveServer(DicomServer server) : IAsyncDisposable
    {
        public DicomNodeUri Node => new("QRSCP", "127.0.0.1", server.Port);

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }

    private sealed class SyncProgress(Action<RetrieveProgress> report) : IProgress<RetrieveProgress>
    {
        public void Report(RetrieveProgress value) => report(value);
    }

    /// <summary>Cancels the retrieve when the first sub-operation arrives, then stores it.</summary>
    private sealed class CancellingStoreHandler(ICStoreHandler inner, CancellationTokenSource cancel) : ICStoreHandler
    {
        public async Task<DimseStatus> StoreAsync(CStoreRequest request, Stream dataset, CancellationToken cancellationToken)
        {
            await cancel.CancelAsync();
            return await inner.StoreAsync(request, dataset, cancellationToken);
        }
    }

    /// <summary>A storage SCP that holds every C-STORE until <c>target</c> of them are in progress at once (10 s at most).</summary>
    private sealed class ConcurrencyProbe(int target) : ICStoreHandler
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _received = new();
        private int _current;
        private int _most;

        public int MostAtOnce => Volatile.Read(ref _most);

        public bool GaveUp { get; private set; }

        public IReadOnlyCollection<string> Received => _received;

        public async Task<DimseStatus> StoreAsync(CStoreRequest request, Stream dataset, CancellationToken cancellationToken)
        {
            await dataset.CopyToAsync(Stream.Null, cancellationToken);
            _received.Enqueue(request.SopInstanceUid);
            var now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, seen) != seen)
            {
            }

            if (now >= target)
            {
                _reached.TrySetResult();
            }

            try
            {
                await _reached.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }
            catch (TimeoutException)
            {
                GaveUp = true;
            }

            Interlocked.Decrement(ref _current);
            return DimseStatus.Success;
        }
    }

    /// <summary>N in-memory CT instances (one MR when asked) for any identifier; knows one move destination.</summary>
    private sealed class ScriptedRetrieveHandler : ICMoveHandler, ICGetHandler
    {
        private readonly List<DicomStoreItem> _items = [];

        public ScriptedRetrieveHandler(int count, int mrIndex = -1)
        {
            for (var i = 0; i < count; i++)
            {
                var uid = TestData.NewUid();
                var sopClass = i == mrIndex ? DicomUids.MRImageStorage : DicomUids.CTImageStorage;
                var bytes = TestData.Dataset(uid, sopClassUid: sopClass);
                Uids.Add(uid);
                Bytes[uid] = bytes;
                _items.Add(DicomStoreItem.FromBytes(sopClass, uid, TransferSyntax.ExplicitVRLittleEndian, bytes));
            }
        }

        public List<string> Uids { get; } = [];

        public Dictionary<string, byte[]> Bytes { get; } = [];

        public DicomNodeUri? Destination { get; init; }

        public string? LastDestination { get; private set; }

        public Task<DicomNodeUri> ResolveDestinationAsync(string moveDestination, CRetrieveRequest request, CancellationToken cancellationToken)
        {
            LastDestination = moveDestination;
            return Destination is { } node && moveDestination == node.AeTitle
                ? Task.FromResult(node)
                : throw new DimseStatusException(DimseStatus.MoveDestinationUnknown.WithComment("unknown: " + moveDestination));
        }

        public Task<IReadOnlyList<DicomStoreItem>> ResolveAsync(CRetrieveRequest request, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DicomStoreItem>>(_items);
    }
}
