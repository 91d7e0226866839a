using System.Net;
using System.Runtime.CompilerServices;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;
using DicomHub.Network.Scp;
using DicomHub.Network.Scu;
using DicomHub.Network.Services;
using DicomUids = DicomHub.Dicom.Dictionary.DicomUids;

namespace DicomHub.Network.Tests.Dimse;

/// <summary>Our C-FIND SCU against our C-FIND SCP with a scripted handler: pending responses in order, C-CANCEL, refusals.</summary>
public sealed class CFindServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryMatchArrivesInOrderAndTheHandlerSeesTheIdentifier()
    {
        var handler = new ScriptedFindHandler(count: 5);
        await using var server = await StartAsync(handler);
        await using var association = await ConnectAsync(server);

        var results = new List<string?>();
        await foreach (var match in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, Identifier("PID*"), Ct))
        {
            results.Add(match.GetString(DicomTags.PatientID));
        }

        Assert.Equal(["P0", "P1", "P2", "P3", "P4"], results);
        Assert.Equal("PID*", handler.LastPatientIdKey);
        Assert.Equal(DicomUids.StudyRootQueryRetrieveInformationModelFind, handler.LastSopClass);
    }

    [Fact]
    public async Task CancellingTheEnumerationSendsCCancelAndTheScpAnswersCancel()
    {
        var handler = new ScriptedFindHandler(count: int.MaxValue);
        await using var server = await StartAsync(handler);
        await using var association = await ConnectAsync(server);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var received = 0;
        var error = await Assert.ThrowsAsync<DimseStatusException>(async () =>
        {
            await foreach (var match in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, Identifier(string.Empty), cancel.Token))
            {
                if (++received == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(DimseStatus.Cancel.Code, error.Status.Code);
        Assert.True(received >= 3);
        Assert.True(handler.Cancelled);

        // The association stays usable after a cancelled find.
        Assert.True((await association.EchoAsync(Ct)).IsSuccess);
    }

    [Fact]
    public async Task AHandlerRefusalReachesTheScuWithItsComment()
    {
        var handler = new ScriptedFindHandler(count: 0, refusal: DimseStatus.DataSetDoesNotMatchSopClass.WithComment("Query/Retrieve Level (0008,0052) is missing"));
        await using var server = await StartAsync(handler);
        await using var association = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<DimseStatusException>(async () =>
        {
            await foreach (var match in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, Identifier(string.Empty), Ct))
            {
            }
        });

        Assert.Equal(0xA900, error.Status.Code);
        Assert.Equal("Query/Retrieve Level (0008,0052) is missing", error.Status.ErrorComment);
    }

    [Fact]
    public async Task TwoFindServicesForDifferentSopClassesEachAnswerTheirOwn()
    {
        var queryRetrieve = new ScriptedFindHandler(count: 2);
        var worklist = new ScriptedFindHandler(count: 3);
        var options = new DicomServerOptions { BindAddress = IPAddress.Loopback, Port = 0, Policy = new AcceptancePolicy { AeTitle = "FINDSCP" } };
        HashSet<string> worklistClasses = [DicomUids.ModalityWorklistInformationModelFind];
        await using var server = new DicomServer(options, [new CFindService(queryRetrieve), new CFindService(worklist, worklistClasses)]);
        await server.StartAsync(Ct);
        await using var association = await DicomClient.ConnectAsync(
            new DicomNodeUri("FINDSCP", "127.0.0.1", server.Port),
            [
                new PresentationContextRequestItem(1, DicomUids.StudyRootQueryRetrieveInformationModelFind, [TransferSyntax.ExplicitVRLittleEndian.Uid]),
                new PresentationContextRequestItem(3, DicomUids.ModalityWorklistInformationModelFind, [TransferSyntax.ExplicitVRLittleEndian.Uid]),
            ],
            new DicomClientOptions { CallingAeTitle = "FINDSCU" },
            cancellationToken: Ct);

        var studies = 0;
        await foreach (var match in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, Identifier(string.Empty), Ct))
        {
            studies++;
        }

        var worklistItems = 0;
        await foreach (var match in association.FindAsync(DicomUids.ModalityWorklistInformationModelFind, Identifier(string.Empty), Ct))
        {
            worklistItems++;
        }

        Assert.Equal((2, 3), (studies, worklistItems));
        Assert.Equal(DicomUids.StudyRootQueryRetrieveInformationModelFind, queryRetrieve.LastSopClass);
        Assert.Equal(DicomUids.ModalityWorklistInformationModelFind, worklist.LastSopClass);
    }

    [Fact]
    public void TwoServicesClaimingOneCommandAndSopClassAreRefusedAtConstruction()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new DimseServiceRegistry([new CFindService(new ScriptedFindHandler(0)), new CFindService(new ScriptedFindHandler(0))]));

        Assert.Contains(DicomUids.PatientRootQueryRetrieveInformationModelFind, error.Message);
        Assert.Contains("CFindRequest", error.Message);
    }

    private static DicomDataset Identifier(string patientId)
    {
        var identifier = new DicomDataset();
        identifier.AddOrUpdate(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.AddOrUpdate(DicomTags.PatientID, DicomVR.LO, patientId);
        return identifier;
    }

    private static async Task<DicomServer> StartAsync(ICFindHandler handler)
    {
        var options = new DicomServerOptions { BindAddress = IPAddress.Loopback, Port = 0, Policy = new AcceptancePolicy { AeTitle = "FINDSCP" } };
        var server = new DicomServer(options, [new CEchoService(new SuccessEchoHandler()), new CFindService(handler)]);
        await server.StartAsync(Ct);
        return server;
    }

    private static Task<DicomClientAssociation> ConnectAsync(DicomServer server) =>
        DicomClient.ConnectAsync(
            new DicomNodeUri("FINDSCP", "127.0.0.1", server.Port),
            [
                new PresentationContextRequestItem(1, DicomUids.StudyRootQueryRetrieveInformationModelFind, [TransferSyntax.ExplicitVRLittleEndian.Uid]),
                new PresentationContextRequestItem(3, DicomUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid]),
            ],
            new DicomClientOptions { CallingAeTitle = "FINDSCU" },
            cancellationToken: Ct);

    private sealed class ScriptedFindHandler(int count, DimseStatus? refusal = null) : ICFindHandler
    {
        public string? LastPatientIdKey { get; private set; }

        public string? LastSopClass { get; private set; }

        public bool Cancelled { get; private set; }

        public Task<CFindMatches> FindAsync(CFindRequest request, CancellationToken cancellationToken)
        {
            if (refusal is not null)
            {
                throw new DimseStatusException(refusal);
            }

            LastPatientIdKey = request.Identifier.GetString(DicomTags.PatientID);
            LastSopClass = request.SopClassUid;
            cancellationToken.Register(() => Cancelled = true);
            return Task.FromResult(new CFindMatches(MatchesAsync(cancellationToken)));
        }

        private async IAsyncEnumerable<DicomDataset> MatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var match = new DicomDataset();
                match.AddOrUpdate(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
                match.AddOrUpdate(DicomTags.PatientID, DicomVR.LO, $"P{i}");
                yield return match;

                // An endless stream paces itself so the C-CANCEL is not queued behind thousands of responses.
                await Task.Delay(count == int.MaxValue ? 5 : 0, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
