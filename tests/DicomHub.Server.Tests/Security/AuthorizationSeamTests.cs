using System.Net;
using System.Security.Claims;
using DicomHub.Archive.Security;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Network;
using DicomHub.Network.Association;
using DicomHub.Network.Pdus;
using DicomHub.Network.Scu;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Server.Tests.Security;

/// <summary>
/// The archive's one authorisation seam, seen from both front ends: a principal whose roles hold Read only may
/// query and retrieve by DICOMweb and DIMSE, and is refused storing and deleting with each protocol's own answer.
/// </summary>
public sealed class AuthorizationSeamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReadOnlyPrincipalQueriesButCannotStoreOrDeleteOverDicomWeb()
    {
        var resolver = new FixedRoles(ArchiveAction.Read);
        await using var server = await ServerFixture.StartAsync(configureServices: s => s.AddSingleton<IArchivePrincipalResolver>(resolver));

        using var stow = await server.Client.PostAsync("studies", Multipart.Dicom(await TestFiles.InstanceAsync("2.1")), Ct);
        var stowBody = await stow.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.Forbidden, stow.StatusCode);
        Assert.Contains("Write", stowBody, StringComparison.Ordinal);
        Assert.Empty(server.BlobFiles());

        using var qido = await server.Client.GetAsync("studies", Ct);
        Assert.Equal(HttpStatusCode.OK, qido.StatusCode);

        using var delete = await server.Client.DeleteAsync("studies/1.2.3", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task AnAnonymousCallerWithoutTheRoleIsAskedToAuthenticate()
    {
        var resolver = new FixedRoles(kind: PrincipalKind.Anonymous);
        await using var server = await ServerFixture.StartAsync(configureServices: s => s.AddSingleton<IArchivePrincipalResolver>(resolver));

        using var qido = await server.Client.GetAsync("studies", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, qido.StatusCode);
    }

    [Fact]
    public async Task AReadOnlyAeTitleIsRefusedCStoreWithNotAuthorizedAndMayStillFind()
    {
        var resolver = new FixedRoles(ArchiveAction.Read);
        await using var server = await ServerFixture.StartAsync(
            new Dictionary<string, string?> { ["Dimse:Enabled"] = "true", ["Dimse:Port"] = "0", ["Dimse:AeTitle"] = "DICOMHUB" },
            s => s.AddSingleton<IArchivePrincipalResolver>(resolver));
        using var files = new TempDirectory("seam-cstore");
        var path = files.Combine("IM1.dcm");
        await File.WriteAllBytesAsync(path, await TestFiles.InstanceAsync("2.1"), Ct);
        var node = new DicomNodeUri("DICOMHUB", "127.0.0.1", server.DimsePort!.Value);

        var sender = new DicomStoreSender(node, new DicomClientOptions { CallingAeTitle = "VIEWER" });
        var results = await sender.SendAsync([(await DicomStoreItem.FromFileAsync(path, Ct))!], cancellationToken: Ct);

        Assert.Equal(0x0124, results[0].Status.Code);
        Assert.Contains("Write", results[0].Reason, StringComparison.Ordinal);
        Assert.Empty(server.BlobFiles());

        await using var association = await DicomClient.ConnectAsync(
            node,
            [new PresentationContextRequestItem(1, DicomUids.StudyRootQueryRetrieveInformationModelFind, [TransferSyntax.ExplicitVRLittleEndian.Uid])],
            new DicomClientOptions { CallingAeTitle = "VIEWER" },
            cancellationToken: Ct);
        var identifier = new DicomDataset();
        identifier.AddOrUpdate(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.AddOrUpdate(DicomTags.StudyInstanceUID, DicomVR.UI, string.Empty);
        var matches = 0;
        await foreach (var match in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, identifier, Ct))
        {
            matches++;
        }

        Assert.Equal(0, matches);
        Assert.Equal(2, resolver.AssociationsSeen);
    }

    /// <summary>Every caller gets the same roles; counts the associations it was asked about.</summary>
    private sealed class FixedRoles(params ArchiveAction[] actions) : IArchivePrincipalResolver
    {
        private int _associations;

        public FixedRoles(PrincipalKind kind)
            : this()
        {
            Kind = kind;
        }

        private PrincipalKind Kind { get; } = PrincipalKind.Service;

        public int AssociationsSeen => Volatile.Read(ref _associations);

        public ArchivePrincipal FromHttp(ClaimsPrincipal user, IPAddress? remoteAddress) =>
            new("test-caller", Kind, actions.ToHashSet()) { RemoteAddress = remoteAddress?.ToString(), Channel = "DICOMweb" };

        public ArchivePrincipal FromAssociation(AssociationInfo association)
        {
            Interlocked.Increment(ref _associations);
            return new ArchivePrincipal(association.CallingAeTitle, PrincipalKind.ApplicationEntity, actions.ToHashSet()) { Channel = "DIMSE" };
        }
    }
}
