using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scu;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Network.Services;

/// <summary>
/// The C-MOVE SCP (PS3.4 C.4.2): resolves the Move Destination and the identifier through the handler, opens a
/// new association to the destination (our AE title calling), and performs one C-STORE sub-operation per
/// instance (bytes as stored, converted only when the destination refuses the stored syntax), with a
/// pending response after each and the final status: Success, B000 with the Failed SOP Instance UID List,
/// A702 when none succeeded, FE00 after C-CANCEL. It proposes <paramref name="asyncOperationsWindow"/>
/// outstanding sub-operations to the destination (PS3.7 D.3.3.3); a destination that does not negotiate
/// asynchronous operations, as DCMTK's, gets them one at a time.
/// </summary>
public sealed class CMoveService(
    ICMoveHandler handler,
    DicomNetworkOptions? network = null,
    IDatasetTranscoder? transcoder = null,
    ILogger? logger = null,
    IReadOnlySet<string>? sopClasses = null,
    ushort asyncOperationsWindow = 1) : IDimseService
{
    /// <summary>The MOVE SOP classes of the Patient Root and Study Root Query/Retrieve Information Models.</summary>
    public static IReadOnlySet<string> QueryRetrieveMoveSopClasses { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        DicomUids.PatientRootQueryRetrieveInformationModelMove, DicomUids.StudyRootQueryRetrieveInformationModelMove,
    };

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly IDatasetTranscoder _transcoder = transcoder ?? new NativeSyntaxTranscoder();

    public DimseCommandField RequestField => DimseCommandField.CMoveRequest;

    public bool SupportsSopClass(string sopClassUid) => (sopClasses ?? QueryRetrieveMoveSopClasses).Contains(sopClassUid);

    public async Task HandleAsync(DimseRequest request, IDimseResponder responder, CancellationToken cancellationToken)
    {
        var command = request.Command;
        var target = await RetrieveOperation.ResolveOrRefuseAsync(request, responder, _logger, ResolveTargetAsync, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return;
        }

        var (destination, items) = target;
        if (items.Count == 0)
        {
            await RetrieveOperation.SendFinalAsync(request, responder, new SubOperationProgress(command, 0), DimseStatus.Success, cancellationToken).ConfigureAwait(false);
            return;
        }

        DicomClientAssociation association;
        try
        {
            var contexts = PresentationContextPlanner.Plan(items.Select(i => (i.SopClassUid, i.TransferSyntax)), includeVerification: false);
            var options = new DicomClientOptions
            {
                CallingAeTitle = request.Association.CalledAeTitle,
                Network = network ?? new DicomNetworkOptions(),
                AsyncOperationsWindow = Math.Max((ushort)1, asyncOperationsWindow),
            };
            association = await DicomClient.ConnectAsync(destination, contexts, options, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException or AssociationRejectedException or AssociationAbortedException or InvalidOperationException)
        {
            _logger.LogWarning("C-MOVE to {Destination}: cannot associate: {Message}", destination, e.Message);
            var progress = new SubOperationProgress(command, items.Count);
            progress.FailRemaining(items.Select(i => i.SopInstanceUid));
            var status = DimseStatus.OutOfResourcesSubOperations.WithComment($"cannot associate with {destination.AeTitle}: {e.Message}");
            await RetrieveOperation.SendFinalAsync(request, responder, progress, status, cancellationToken).ConfigureAwait(false);
            return;
        }

        await using (association.ConfigureAwait(false))
        {
            var originator = new MoveOriginator(request.Association.CallingAeTitle, command.MessageId);
            await RetrieveOperation.RunAsync(request, responder, items, (item, ct) => SendAsync(association, item, originator, ct), association.Info.AsyncOperationsWindow, cancellationToken).ConfigureAwait(false);
            try
            {
                await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AssociationAbortedException or IOException or TimeoutException)
            {
                _logger.LogDebug("Release of the C-MOVE association to {Destination} failed: {Message}", destination, e.Message);
            }
        }
    }

    /// <summary>Puts one sub-operation on the wire; the task it returns completes with the destination's status.</summary>
    private async Task<Task<DimseStatus>> SendAsync(DicomClientAssociation association, DicomStoreItem item, MoveOriginator originator, CancellationToken cancellationToken)
    {
        try
        {
            return StatusAsync(item, await association.SendStoreAsync(item, _transcoder, originator, cancellationToken).ConfigureAwait(false));
        }
        catch (AssociationAbortedException e)
        {
            throw Aborted(e);
        }
    }

    private async Task<DimseStatus> StatusAsync(DicomStoreItem item, Task<CStoreResult> response)
    {
        CStoreResult result;
        try
        {
            result = await response.ConfigureAwait(false);
        }
        catch (AssociationAbortedException e)
        {
            throw Aborted(e);
        }

        if (result.Failure is { } failure)
        {
            _logger.LogWarning("C-MOVE sub-operation {Instance} not sent: {Failure}", item.SopInstanceUid, failure);
            return result.Status.WithComment(failure);
        }

        return result.Status;
    }

    private static SubOperationsAbortedException Aborted(AssociationAbortedException e) =>
        new($"the association with the move destination ended: {e.Message}", e);

    private async Task<MoveTarget> ResolveTargetAsync(CRetrieveRequest retrieve, CancellationToken cancellationToken)
    {
        var destinationAe = retrieve.Command.MoveDestination?.Trim();
        if (string.IsNullOrEmpty(destinationAe))
        {
            throw new DimseStatusException(DimseStatus.MoveDestinationUnknown.WithComment("C-MOVE-RQ has no Move Destination (0000,0600)"));
        }

        var destination = await handler.ResolveDestinationAsync(destinationAe, retrieve, cancellationToken).ConfigureAwait(false);
        return new MoveTarget(destination, await handler.ResolveAsync(retrieve, cancellationToken).ConfigureAwait(false));
    }

    private sealed record MoveTarget(DicomNodeUri Destination, IReadOnlyList<DicomStoreItem> Items);
}
