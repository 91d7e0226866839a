using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>
/// The storage service: checks the C-STORE-RQ, hands the streamed data set to the storage handler and
/// answers with its status. Accepts every storage SOP class unless a set is given.
/// </summary>
public sealed class CStoreService(ICStoreHandler handler, IReadOnlySet<string>? sopClasses = null) : IDimseService
{
    public DimseCommandField RequestField => DimseCommandField.CStoreRequest;

    public bool SupportsSopClass(string sopClassUid) => sopClasses?.Contains(sopClassUid) ?? StorageSopClasses.IsStorage(sopClassUid);

    public async Task HandleAsync(DimseRequest request, IDimseResponder responder, CancellationToken cancellationToken)
    {
        var command = request.Command;
        var sopClass = command.AffectedSopClassUid;
        var sopInstance = command.AffectedSopInstanceUid;
        DimseStatus status;
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance) || request.Dataset is null)
        {
            status = DimseStatus.MistypedArgument.WithComment("C-STORE-RQ lacks Affected SOP Class/Instance UID or data set");
        }
        else if (sopClass != request.Context.AbstractSyntax)
        {
            // PS3.7 9.1.1.1.2: the affected SOP class must match the presentation context's abstract syntax.
            status = DimseStatus.SopClassNotSupported.WithComment($"SOP class {sopClass} sent on a context for {request.Context.AbstractSyntax}");
        }
        else
        {
            var store = new CStoreRequest(command, sopClass, sopInstance, request.TransferSyntax, request.Association);
            status = await handler.StoreAsync(store, request.Dataset, cancellationToken).ConfigureAwait(false);
        }

        await responder.SendAsync(DimseCommand.CreateResponse(command, status), null, cancellationToken).ConfigureAwait(false);
    }
}
