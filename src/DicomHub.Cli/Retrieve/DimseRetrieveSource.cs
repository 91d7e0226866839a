using System.Collections.Concurrent;
using System.Net;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.DicomWeb.Client;
using DicomHub.Network;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scp;
using DicomHub.Network.Scu;
using DicomHub.Network.Storage;

namespace DicomHub.Cli.Retrieve;

/// <summary>How `retrieve --from dicom://` asks: C-GET (the instances come back on our association) or C-MOVE to an AE title.</summary>
public sealed record DimseRetrieveOptions(string? MoveDestination, int Port, string CallingAeTitle)
{
    public const string DefaultCallingAeTitle = "DICOMHUB";

    public bool IsMove => MoveDestination is not null;
}

/// <summary>
/// C-GET or C-MOVE (Study Root) from a DIMSE peer into {SOPInstanceUID}.dcm files, as the WADO-RS form writes them.
/// For C-MOVE we run a temporary storage SCP on <see cref="DimseRetrieveOptions.Port"/> (like movescu --port);
/// the peer must know the move destination AE title with this computer's address and that port.
/// </summary>
public sealed class DimseRetrieveSource(DicomNodeUri peer, DimseRetrieveOptions options) : IRetrieveSource
{
    public async Task<IReadOnlyList<RetrievedInstance>> RetrieveAsync(WadoTarget target, string outputDirectory, Action<RetrievedInstance>? received, CancellationToken cancellationToken)
    {
        var files = new ConcurrentQueue<RetrievedInstance>();
        var store = new FolderStoreHandler(outputDirectory);
        store.Stored += (path, length) =>
        {
            var instance = new RetrievedInstance(path, Path.GetFileNameWithoutExtension(path), length);
            files.Enqueue(instance);
            received?.Invoke(instance);
        };

        var operation = options.IsMove ? "C-MOVE" : "C-GET";
        RetrieveResult result;
        try
        {
            result = options.IsMove
                ? await MoveAsync(Identifier(target), store, cancellationToken).ConfigureAwait(false)
                : await GetAsync(Identifier(target), store, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or AssociationRejectedException or AssociationAbortedException or TimeoutException)
        {
            throw new CliException($"{operation} from {peer} failed: {e.Message}", CliRunner.Failure, e);
        }

        if (result.IsCancelled)
        {
            throw new OperationCanceledException($"{operation} cancelled after {result.Completed} instances.");
        }

        if (result.Status.IsFailure && result.Completed == 0)
        {
            throw new CliException($"{operation} refused by {peer}: {result.Status}{Hint(result.Status)}", CliRunner.Failure);
        }

        if (result.Failed > 0 || result.Status.IsFailure)
        {
            var failed = result.FailedSopInstanceUids.Count > 0 ? $" (failed: {string.Join(", ", result.FailedSopInstanceUids.Take(5))}{(result.FailedSopInstanceUids.Count > 5 ? ", ..." : string.Empty)})" : string.Empty;
            throw new CliException($"{operation} from {peer} incomplete: {result.Completed} instances retrieved into {Path.GetFullPath(outputDirectory)}, {result.Failed} failed{failed}: {result.Status}", CliRunner.Failure);
        }

        return [.. files];
    }

    public void Dispose()
    {
    }

    /// <summary>A Study Root identifier at the level the target names, with its unique keys (PS3.4 C.4.2.1.4).</summary>
    public static DicomDataset Identifier(WadoTarget target)
    {
        var identifier = new DicomDataset();
        identifier.AddOrUpdate(DicomTags.QueryRetrieveLevel, DicomVR.CS, target.SopInstanceUid is not null ? "IMAGE" : target.SeriesInstanceUid is not null ? "SERIES" : "STUDY");
        identifier.AddOrUpdate(DicomTags.StudyInstanceUID, DicomVR.UI, target.StudyInstanceUid);
        if (target.SeriesInstanceUid is { } series)
        {
            identifier.AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, series);
        }

        if (target.SopInstanceUid is { } instance)
        {
            identifier.AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, instance);
        }

        return identifier;
    }

    private string Hint(DimseStatus status) => status.Code switch
    {
        0xA801 => $". {peer.AeTitle} does not know the AE title '{options.MoveDestination}': configure it there as a DICOM node with this computer's address and port {options.Port}.",
        0xA900 or 0xC000 => ". Check the UIDs given with --study/--series/--instance.",
        _ => string.Empty,
    };

    private async Task<RetrieveResult> GetAsync(DicomDataset identifier, FolderStoreHandler store, CancellationToken cancellationToken)
    {
        var (contexts, roles) = RetrievePresentationContexts.ForGet();
        var client = new DicomClientOptions { CallingAeTitle = options.CallingAeTitle, RoleSelections = roles, StoreHandler = store };
        await using var association = await DicomClient.ConnectAsync(peer, contexts, client, null, cancellationToken).ConfigureAwait(false);
        if (association.FindContext(DicomUids.StudyRootQueryRetrieveInformationModelGet, null) is null)
        {
            throw new CliException($"{peer} does not accept Study Root C-GET ({DicomUids.StudyRootQueryRetrieveInformationModelGet}): retrieve with --move DEST_AE instead.", CliRunner.Failure);
        }

        var result = await association.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, identifier, null, cancellationToken).ConfigureAwait(false);
        await association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    private async Task<RetrieveResult> MoveAsync(DicomDataset identifier, FolderStoreHandler store, CancellationToken cancellationToken)
    {
        var serverOptions = new DicomServerOptions
        {
            BindAddress = IPAddress.Any,
            Port = options.Port,
            Policy = new AcceptancePolicy { AeTitle = options.MoveDestination!, AcceptAnyCalledAeTitle = true },
        };
        await using var receiver = DicomServer.ForStorage(serverOptions, store);
        await receiver.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var association = await DicomClient.ConnectAsync(peer, RetrievePresentationContexts.ForMove(), new DicomClientOptions { CallingAeTitle = options.CallingAeTitle }, null, cancellationToken).ConfigureAwait(false);
            if (association.FindContext(DicomUids.StudyRootQueryRetrieveInformationModelMove, null) is null)
            {
                throw new CliException($"{peer} does not accept Study Root C-MOVE ({DicomUids.StudyRootQueryRetrieveInformationModelMove}).", CliRunner.Failure);
            }

            var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, options.MoveDestination!, identifier, null, cancellationToken).ConfigureAwait(false);
            await association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        finally
        {
            // Every sub-operation was answered before the final C-MOVE response: nothing is still arriving.
            await receiver.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
    }
}
