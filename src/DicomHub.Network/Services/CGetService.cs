using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scu;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Network.Services;

/// <summary>
/// The C-GET SCP (PS3.4 C.4.3): the C-STORE sub-operations go back on the requestor's own association, on the
/// storage presentation contexts it proposed with SCP/SCU Role Selection asking to be the storage SCP
/// (PS3.7 D.3.3.4). An instance goes on a context in its stored syntax when one was accepted, else it is
/// converted to an accepted one; a SOP class without such a context fails that sub-operation with the reason.
/// </summary>
public sealed class CGetService(ICGetHandler handler, IDatasetTranscoder? transcoder = null, ILogger? logger = null, IReadOnlySet<string>? sopClasses = null) : IDimseService
{
    /// <summary>The GET SOP classes of the Patient Root and Study Root Query/Retrieve Information Models.</summary>
    public static IReadOnlySet<string> QueryRetrieveGetSopClasses { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        DicomUids.PatientRootQueryRetrieveInformationModelGet, DicomUids.StudyRootQueryRetrieveInformationModelGet,
    };

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly IDatasetTranscoder _transcoder = transcoder ?? new NativeSyntaxTranscoder();

    public DimseCommandField RequestField => DimseCommandField.CGetRequest;

    public bool SupportsSopClass(string sopClassUid) => (sopClasses ?? QueryRetrieveGetSopClasses).Contains(sopClassUid);

    public async Task HandleAsync(DimseRequest request, IDimseResponder responder, CancellationToken cancellationToken)
    {
        var requester = request.Requester;
        var items = await RetrieveOperation.ResolveOrRefuseAsync(
            request,
            responder,
            _logger,
            (retrieve, ct) => requester is null
                ? throw new DimseStatusException(DimseStatus.UnableToProcess.WithComment("this SCP cannot send C-STORE sub-operations"))
                : handler.ResolveAsync(retrieve, ct),
            cancellationToken).ConfigureAwait(false);
        if (items is null)
        {
            return;
        }

        // On the requestor's own association, one at a time: each sub-operation's response is awaited before the next.
        await RetrieveOperation.RunAsync(request, responder, items, async (item, ct) => Task.FromResult(await StoreAsync(request.Association, requester!, item, ct).ConfigureAwait(false)), 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Storage contexts the requestor accepted to be the SCP for (role selection with SCP role).</summary>
    public static IEnumerable<PresentationContext> StorageContexts(AssociationInfo association, string sopClassUid) =>
        association.AcceptedContexts.Where(c => c.AbstractSyntax == sopClassUid
            && association.RoleSelections.Any(r => r.SopClassUid == sopClassUid && r.ScpRole));

    private async Task<DimseStatus> StoreAsync(AssociationInfo association, IDimseRequester requester, DicomStoreItem item, CancellationToken cancellationToken)
    {
        var candidates = StorageContexts(association, item.SopClassUid).ToList();
        if (candidates.Count == 0)
        {
            _logger.LogWarning("C-GET sub-operation {Instance}: the requestor offered no storage context with SCP role for {SopClass}.", item.SopInstanceUid, item.SopClassUid);
            return DimseStatus.SopClassNotSupported.WithComment($"no context with SCP role for {item.SopClassUid}");
        }

        var context = candidates.FirstOrDefault(c => c.AcceptedTransferSyntax == item.TransferSyntax)
            ?? candidates.FirstOrDefault(c => _transcoder.CanTranscode(item.TransferSyntax, c.AcceptedTransferSyntax!));
        if (context is null)
        {
            return DimseStatus.ProcessingFailure.WithComment($"cannot convert {item.TransferSyntax.Name} to an accepted syntax");
        }

        Stream dataset;
        try
        {
            dataset = await item.OpenDatasetAsync(cancellationToken).ConfigureAwait(false);
            var target = context.AcceptedTransferSyntax!;
            if (target != item.TransferSyntax)
            {
                dataset = await _transcoder.TranscodeAsync(dataset, item.TransferSyntax, target, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or DicomHub.Dicom.IO.DicomFormatException or NotSupportedException or InvalidOperationException)
        {
            _logger.LogWarning("C-GET sub-operation {Instance} not sent: {Message}", item.SopInstanceUid, e.Message);
            return DimseStatus.ProcessingFailure.WithComment(e.Message);
        }

        await using (dataset.ConfigureAwait(false))
        {
            var store = DimseCommand.CreateStoreRequest(requester.NextMessageId(), item.SopClassUid, item.SopInstanceUid);
            var response = await requester.SendRequestAsync(context.Id, store, dataset, cancellationToken).ConfigureAwait(false);
            return response.Status ?? DimseStatus.ProcessingFailure.WithComment("C-STORE-RSP without a status");
        }
    }
}
